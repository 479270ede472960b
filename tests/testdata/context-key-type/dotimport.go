package contextkeytype

import . "context"

func dotted(ctx Context) Context {
	return WithValue(ctx, "dotted", 1) // want "context-key-type"
}
