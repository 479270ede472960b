// Package contextinstruct exercises context-in-struct.
package contextinstruct

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// --- positives ---

// Fetcher keeps the context of the call that built it.
type Fetcher struct {
	ctx    context.Context // want "context-in-struct: struct field ctx holds a context"
	client *http.Client
}

// Job embeds a context.
type Job struct {
	context.Context // want "context-in-struct: struct embeds context.Context"
	ID              string
}

// Pair groups two contexts in one declaration: each name is reported.
type Pair struct {
	parent, child context.Context `json:"-"` // want "context-in-struct: field parent" "context-in-struct: field child"
}

// Tagged fields and fields after comments.
type Request struct {
	mu sync.Mutex
	// Größe — 日本語のコメント before the finding.
	größe context.Context `trace:"ctx"` // want "context-in-struct: struct field größe"
}

// Generic struct.
type Box[T any] struct {
	value T
	ctx   context.Context // want "context-in-struct"
}

// A struct nested in a field.
type Outer struct {
	inner struct {
		deadline time.Time
		ctx      context.Context // want "context-in-struct"
	}
}

// reqCtx is a named type over context.Context: a context type too.
type reqCtx context.Context

type Holder struct {
	rc reqCtx // want "context-in-struct: struct field rc holds a context"
}

// Anonymous struct types in variables, literals and parameters.
var state struct {
	ctx context.Context // want "context-in-struct"
}

func start(ctx context.Context) func() {
	type local struct{ ctx context.Context } // want "context-in-struct"
	job := struct {
		ctx  context.Context // want "context-in-struct"
		name string
	}{ctx, "warm-up"}
	l := local{ctx: ctx}
	return func() { _, _ = job, l }
}

func consume(cfg struct{ ctx context.Context }) { _ = cfg } // want "context-in-struct"

// --- negatives ---

// Things of contexts are not contexts.
type Registry struct {
	cancel  context.CancelFunc
	ptr     *context.Context
	all     []context.Context
	byID    map[string]context.Context
	results chan context.Context
	make    func() context.Context
	handler func(ctx context.Context) error
}

// Interfaces may embed context.Context: not a struct.
type Ctx interface {
	context.Context
	RequestID() string
}

// A method that returns a context, with a field named ctx of another type.
type Server struct {
	ctx  string
	base context.Context // want "context-in-struct"
}

func (s *Server) Context() context.Context { return s.base } // already reported at the field

var _ = Registry{}
