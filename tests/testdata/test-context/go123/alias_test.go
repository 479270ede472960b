package testcontext

import (
	stdctx "context"
	"testing"
)

// Größe: an alias for context; a comment mentions context.Background() — ünïcode.
func TestGröße(t *testing.T) {
	/* context.Background() ⏳ */ größe := Start(stdctx.Background())
	_ = größe
	var _ stdctx.Context
}

// context is a local here, not the package.
func TestShadowPkg(t *testing.T) {
	context := struct{ Background func() int }{func() int { return 1 }}
	_ = context.Background()
}
