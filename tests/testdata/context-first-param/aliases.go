package contextfirstparam

import (
	stdctx "context"
	"strings"

	context "example.com/fixtures/context-first-param/internal/fakectx"
)

// requestCtx is a named type over context.Context: a context type.
type requestCtx stdctx.Context

func Render(tpl string, ctx context.Context) string { // fake Context: not a context
	return strings.ReplaceAll(tpl, "{name}", ctx.Vars["name"])
}

func Aliased(tpl string, ctx stdctx.Context) error { // want "context-first-param: context parameter ctx of Aliased comes after tpl string"
	_ = tpl
	return ctx.Err()
}

func Named(tpl string, rc requestCtx) error { // want "context-first-param: context parameter rc"
	_ = tpl
	return rc.Err()
}

func NamedFirst(rc requestCtx, tpl string) error {
	_ = tpl
	return rc.Err()
}
