package contextfirstparam

import . "context"

func Dotted(name string, ctx Context) error { // want "context-first-param: context parameter ctx of Dotted"
	_ = name
	return ctx.Err()
}

func DottedFirst(ctx Context, name string) error {
	_ = name
	return ctx.Err()
}
