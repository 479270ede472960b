package nilcontext

import "os/exec"

// The file does not import "context": the fix adds it.
func run() error {
	return exec.CommandContext(nil, "true").Run() // want "nil-context"
}
