package contextinloop

import (
	ctxpkg "context"
	"testing"
)

type schlüssel string

// Verarbeite — ein Kommentar mit Umlauten vor dem Befund: äöü ß. 🚀
func Verarbeite(kontext ctxpkg.Context, einträge []string, tu func(ctxpkg.Context)) {
	for _, e := range einträge {
		/* 🔁 */ kontext = ctxpkg.WithValue(kontext, schlüssel("e"), e) // want "context-in-loop: each iteration derives kontext"
		tu(kontext)
	}
}

// TestStufen derives from t.Context() in a loop of subtests.
func TestStufen(t *testing.T) {
	ctx := t.Context()
	for _, name := range []string{"a", "b"} {
		ctx = ctxpkg.WithValue(ctx, schlüssel("stufe"), name) // want "context-in-loop"
		t.Run(name, func(t *testing.T) {
			_ = ctx
		})
	}
}
