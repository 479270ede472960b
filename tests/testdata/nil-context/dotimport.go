package nilcontext

import . "context"

func dotted() {
	ctx, cancel := WithCancel(nil) // want "nil-context"
	defer cancel()
	_ = ctx
}
