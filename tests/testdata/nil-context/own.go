package nilcontext

import (
	"context"
	"errors"
)

type Order struct{ ID string }

type Store struct{ orders map[string]Order }

type Finder interface {
	Find(ctx context.Context, id string) (Order, error)
}

// requestCtx is a named type over context.Context.
type requestCtx context.Context

func fetch(ctx context.Context, id string) (Order, error) {
	if err := ctx.Err(); err != nil {
		return Order{}, err
	}
	return Order{ID: id}, nil
}

func (s *Store) Load(ctx context.Context, id string) (Order, error) {
	_ = ctx
	o, ok := s.orders[id]
	if !ok {
		return Order{}, errors.New("not found")
	}
	return o, nil
}

func handle(rc requestCtx, id string) string { _ = rc; return id }

func configure(opts *Store, id string) string { _ = opts; return id }

// --- positives ---

func callers(s *Store, f Finder) error {
	if _, err := fetch(nil, "1"); err != nil { // want "nil-context: context of fetch"
		return err
	}
	if _, err := s.Load(nil, "2"); err != nil { // want "nil-context: context of s.Load"
		return err
	}
	var local Store
	if _, err := local.Load( /* ctx */ nil, "3"); err != nil { // want "nil-context"
		return err
	}
	_ = handle(nil, "4") // want "nil-context: context of handle"

	_, err := f.Find(nil, "5") // want "nil-context: context of f.Find"
	return err
}

// Größe — 日本語のコメント before the finding.
func größe(名前 string) error {
	_, err := fetch(nil, 名前) // want "nil-context"
	return err
}

// --- negatives ---

func notContexts(s *Store) string {
	l := func(ctx context.Context) error { return ctx.Err() }
	_ = l(nil) // a func value: not a declared function
	_ = configure(nil, "x")
	_, _ = fetch(context.TODO(), "y")
	_, _ = s.Load(context.TODO(), "z")
	return ""
}

// context is a parameter here: the fix cannot write context.TODO().
func noFix(context string) error {
	_, err := fetch(nil, context) // want "nil-context"
	return err
}
