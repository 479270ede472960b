package contextinloop

import (
	"context"
	"testing"
	"time"
)

// ---- not reported

// Fresh declares a new ctx per iteration with :=.
func Fresh(ctx context.Context, steps []Step) {
	for _, s := range steps {
		ctx := context.WithValue(ctx, stepKey{}, s.Name)
		_ = s.Do(ctx)
	}
}

// Restart starts over from Background: not a growing chain.
func Restart(steps []Step) {
	ctx := context.TODO()
	for _, s := range steps {
		ctx = context.Background()
		_ = s.Do(ctx)
	}
}

// TestRestart resets to the test's context.
func TestRestart(t *testing.T) {
	ctx := context.WithValue(t.Context(), stepKey{}, "x")
	for i := 0; i < 2; i++ {
		ctx = t.Context()
		_ = ctx
	}
}

// Inside declares and re-derives within the same iteration.
func Inside(parent context.Context, steps []Step) {
	for _, s := range steps {
		ctx := parent
		ctx = context.WithValue(ctx, stepKey{}, s.Name)
		_ = s.Do(ctx)
	}
}

// Once: a func literal called where it is written runs once.
func Once(ctx context.Context) context.Context {
	func() {
		ctx = context.WithValue(ctx, stepKey{}, "once")
	}()
	return ctx
}

// Detached: go and defer literals are not part of the loop around them.
func Detached(ctx context.Context, steps []Step) {
	for _, s := range steps {
		go func() {
			ctx := ctx
			ctx = context.WithValue(ctx, stepKey{}, s.Name)
			_ = s.Do(ctx)
		}()
	}
	defer func() {
		ctx = context.WithValue(ctx, stepKey{}, "done")
		_ = ctx
	}()
}

// Session stores its context in a field: not a variable of the loop's function.
type Session struct {
	ctx context.Context // want "context-in-struct"
}

// Next updates the field.
func (s *Session) Next(steps []Step) {
	for _, st := range steps {
		s.ctx = context.WithValue(s.ctx, stepKey{}, st.Name)
	}
}

// global is a package-level context variable: its type is not visible here.
var global = context.Background()

// Grow assigns the package variable.
func Grow(n int) {
	for i := 0; i < n; i++ {
		global = context.WithValue(global, stepKey{}, i)
	}
}

// Counter: a plain int re-derived from itself is not a context.
func Counter(ctx context.Context, n int) int {
	total := 0
	for i := 0; i < n; i++ {
		total = total + i
	}
	_ = ctx
	return total
}

// Other derives from another context, not from itself.
func Other(parent context.Context, steps []Step) {
	var ctx context.Context
	var cancel context.CancelFunc = func() {}
	for _, s := range steps {
		cancel()
		ctx, cancel = context.WithTimeout(parent, time.Second)
		_ = s.Do(ctx)
	}
	cancel()
}

// lookalike has a WithValue method; "context" is a local of that type below.
type lookalike struct{ n int }

func (l lookalike) WithValue(v lookalike, _, _ any) lookalike { return lookalike{v.n + 1} }

// Shadowed re-derives a lookalike value, not a context.
func Shadowed(steps []Step) int {
	context := lookalike{}
	v := lookalike{}
	for _, s := range steps {
		v = context.WithValue(v, stepKey{}, s.Name)
	}
	return v.n
}
