package contextnotpassed

import "context"

// Build constraints select between clock_linux.go and clock_other.go: a function counts as
// starting from a fresh context only when every declaration of it does.
func clocks(ctx context.Context) error {
	_ = now()     // only the linux declaration creates a context
	return tick() // want "context-not-passed: stops at tick: it takes no context and starts from context.Background"
}
