package cancelinloop

import (
	. "context"
	"time"
)

// Batches uses a dot import of the context package.
func Batches(ctx Context, batches [][]string, send func(Context, []string) error) error {
	var firstErr error
	for _, b := range batches {
		bctx, cancel := WithTimeout(ctx, 2*time.Second)
		defer cancel() // want "cancel-in-loop"
		if err := send(bctx, b); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}
