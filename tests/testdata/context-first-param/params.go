// Package contextfirstparam exercises context-first-param.
package contextfirstparam

import (
	"context"
	"io"
	"log"
	"testing"
	"time"
)

type Order struct{ ID string }

type Store struct{ orders map[string]Order }

// --- positives ---

func Load(id string, ctx context.Context) (Order, error) { // want "context-first-param: context parameter ctx of Load comes after id string"
	return Order{ID: id}, ctx.Err()
}

func (s *Store) Save(o Order, ctx context.Context) error { // want "context-first-param"
	s.orders[o.ID] = o
	return ctx.Err()
}

// Grouped names before the context: one diagnostic, at the context.
func Copy(dst, src io.Writer, ctx context.Context, timeout time.Duration) error { // want "context-first-param: comes after dst io.Writer"
	_, _ = dst, src
	_ = timeout
	return ctx.Err()
}

// Two misplaced contexts: one diagnostic per function, at the first one.
func Merge(n int,
	a context.Context, // want "context-first-param: context parameter a of Merge"
	b context.Context,
) int {
	_, _ = a, b
	return n
}

// Grouped context names: the first name is flagged.
func Both(n int, parent, child context.Context) int { // want "context-first-param: context parameter parent"
	_, _ = parent, child
	return n
}

// Unnamed parameters.
type handler func(string, context.Context) error

func Unnamed(string, context.Context) error { return nil } // want "context-first-param: the context parameter of Unnamed"

// A context that comes first, then a second one after another parameter.
func Later(ctx context.Context, key string, other context.Context) string { // want "context-first-param: context parameter other"
	_, _ = ctx, other
	return key
}

// Generic function.
func Find[T any](items []T, ctx context.Context) (T, error) { // want "context-first-param"
	var zero T
	if len(items) == 0 {
		return zero, ctx.Err()
	}
	return items[0], nil
}

// *testing.F is not in the default allow list.
func fuzzHelper(f *testing.F, ctx context.Context) { // want "context-first-param"
	_, _ = f, ctx
}

// Ünïcödé — 日本語のコメント before the finding.
func Größe(名前 string, ctx context.Context) int { // want "context-first-param: context parameter ctx of Größe comes after 名前 string"
	_ = ctx
	return len(名前)
}

// --- negatives ---

func Good(ctx context.Context, id string) error { _ = id; return ctx.Err() }

func (s *Store) Get(ctx context.Context, id string) (Order, error) {
	o, ok := s.orders[id]
	if !ok {
		return Order{}, ctx.Err()
	}
	return o, nil
}

// Several contexts in front are fine.
func Link(parent context.Context, child context.Context, name string) string {
	_, _ = parent, child
	return name
}

// The default allow list: *testing.T, *testing.B, testing.TB may come first.
func helperT(t *testing.T, ctx context.Context) { _, _ = t, ctx }

func helperB(b *testing.B, ctx context.Context) { _, _ = b, ctx }

func helperTB(tb testing.TB, ctx context.Context, name string) {
	_, _, _ = tb, ctx, name
}

// An allowed type, then contexts.
func helperMixed(t *testing.T, ctx context.Context, parent context.Context) {
	_, _, _ = t, ctx, parent
}

// Func literals are not declarations.
var literal = func(id string, ctx context.Context) error { _ = id; return ctx.Err() }

// Interface methods and function types are left alone.
type Loader interface {
	Load(id string, ctx context.Context) (Order, error)
}

type callback func(id string, ctx context.Context)

// The receiver is not a parameter.
func (s Store) Count(ctx context.Context) int { _ = ctx; return len(s.orders) }

// A variadic slice of contexts is not "the" context.
func Wait(timeout time.Duration, ctxs ...context.Context) {
	_, _ = timeout, ctxs
}

// Not contexts at all.
func Log(l *log.Logger, cancel context.CancelFunc, ctxs []context.Context, mk func() context.Context) {
	_, _, _, _ = l, cancel, ctxs, mk
}

func Pointer(id string, ctx *context.Context) { _, _ = id, ctx }
