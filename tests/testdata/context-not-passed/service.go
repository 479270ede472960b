// Package contextnotpassed exercises context-not-passed.
package contextnotpassed

import (
	"context"
	"net/http"

	"example.com/fixtures/contextnotpassed/internal/legacy"
)

type Service struct{ store *Store }

// --- positives ---

func (s *Store) Handle(ctx context.Context, id string) (string, error) {
	_ = ctx
	return s.load(id) // want "context-not-passed: stops at s.load: it takes no context and starts from context.Background"
}

func (s *Service) Checkout(ctx context.Context, id string) error {
	if err := legacy.Sync(id); err != nil { // want "context-not-passed: stops at legacy.Sync: it takes no context and starts from context.Background"
		return err
	}
	if err := legacy.Refresh(); err != nil { // want "context-not-passed: stops at legacy.Refresh: .* context.TODO\(\) \(through flush\)"
		return err
	}
	return prime() // want "context-not-passed: stops at prime: .* \(through primeAll\)"
}

func (s *Service) Lookup(ctx context.Context, id string) (string, error) {
	return s.store.Fetch(id) // want "context-not-passed: not passed to s.store.Fetch; FetchContext takes one"
}

func (s *Store) Lookup(ctx context.Context, id string) (string, error) {
	return s.Fetch(id) // want "context-not-passed: not passed to s.Fetch; FetchContext takes one: call it with ctx"
}

func Serve(w http.ResponseWriter, r *http.Request) {
	_ = Get(r.URL.Path) // want "context-not-passed: not passed to Get; GetCtx takes one: call it with r.Context\(\)"
	_ = warm(&Store{})  // warm calls load on a parameter, not its receiver: not followed
	handler := func() {
		_ = prime() // want "context-not-passed: stops at prime"
	}
	handler()
}

// --- negatives ---

// Where no context is available, contexts are born.
func main2() {
	_ = prime()
	_ = legacy.Sync("boot")
}

func (s *Store) fine(ctx context.Context, id string) error {
	_ = legacy.SyncWith(ctx, id)   // takes a context
	_ = passThrough(ctx)           // takes a context
	detached()                     // the fresh context is inside a goroutine
	_ = pure(1, 2)                 // creates nothing
	_ = recursive(3)               // creates nothing, calls itself
	_, _ = s.FetchContext(ctx, id) // the context-aware variant
	return nil
}

// ignored: the context parameter is named _: nothing is available.
func ignored(_ context.Context) error { return prime() }

// shadowed: a local func value named like the package function.
func shadowed(ctx context.Context) error {
	prime := func() error { return ctx.Err() }
	return prime()
}
