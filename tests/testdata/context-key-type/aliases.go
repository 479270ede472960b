package contextkeytype

import (
	stdctx "context"
)

func aliased(ctx stdctx.Context) stdctx.Context {
	return stdctx.WithValue(ctx, "aliased", 1) // want "context-key-type"
}
