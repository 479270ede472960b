package contextinstruct

import (
	stdctx "context"

	context "example.com/fixtures/context-in-struct/internal/fakectx"
)

// Page holds a template context, not a context.Context.
type Page struct {
	ctx   context.Context
	title string
}

// Task holds a context under an aliased import.
type Task struct {
	ctx stdctx.Context // want "context-in-struct: struct field ctx holds a context"
}

// Embedded aliased context.
type Traced struct {
	stdctx.Context // want "context-in-struct: struct embeds stdctx.Context"
	Page
}

var _ = Page{}
