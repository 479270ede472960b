package goroutinenocontext

import (
	stdctx "context"
	"os/exec"
)

// Größe: a non-ASCII name and an alias for context; a comment with go func() { before.
func Größe(c stdctx.Context, names []string) {
	/* go func() { for {} }() — ünïcode ⏳ */ go func() { // want "goroutine-no-context"
		for _, n := range names {
			_ = n
		}
	}()
}

// Exec: a blocking call from the call-no-context table.
func Exec(c stdctx.Context, name string) {
	go func() { // want "goroutine-no-context: .*exec.Command"
		exec.Command(name).Run() // want "call-no-context"
	}()
}

// Uses the aliased context by a short name.
func Uses(c stdctx.Context, names chan string) {
	go func() {
		for n := range names {
			if c.Err() != nil {
				return
			}
			_ = n
		}
	}()
}
