package nilcontext

import (
	stdctx "context"
	"time"
)

func aliased() {
	ctx, cancel := stdctx.WithTimeout(nil, time.Second) // want "nil-context"
	defer cancel()
	_ = ctx
}
