package callnocontext

import (
	"context"
	. "os/exec"
)

// DotImport: Command is os/exec's through the dot import.
func DotImport(ctx context.Context) error {
	return Command("true").Run() // want "call-no-context"
}

// DotShadow: a local CommandContext would capture the renamed call: no fix.
func DotShadow(ctx context.Context) error {
	CommandContext := 1
	_ = CommandContext
	return Command("false").Run() // want "call-no-context"
}
