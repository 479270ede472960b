// Package legacy is a package of the same module whose functions start from fresh
// contexts.
package legacy

import (
	"context"
	"time"
)

// Sync starts from context.Background(): callers with a context lose it here.
func Sync(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return work(ctx, name)
}

// Refresh reaches a fresh context through flush.
func Refresh() error { return flush() }

func flush() error { return work(context.TODO(), "flush") }

// SyncWith takes a context: nothing to report at its callers.
func SyncWith(ctx context.Context, name string) error { return work(ctx, name) }

func work(ctx context.Context, name string) error {
	_ = name
	return ctx.Err()
}

// ---- one-time initialisation and context accessors (see initonce.go)

var (
	initDone bool
	dir      string
	loadErr  error
	current  context.Context
)

// Init runs its body once (a hand-written sync.Once): the fresh context it starts from
// is shared state, not per call.
func Init() {
	if initDone {
		return
	}
	initDone = true
	_ = Sync("init")
	dir = "unpacked"
}

// Dir reaches a fresh context only through Init.
func Dir() string {
	Init()
	return dir
}

// Reload caches its error, but a nil check is not a once guard: it runs until it fails.
func Reload() error {
	if loadErr != nil {
		return loadErr
	}
	loadErr = work(context.Background(), "reload")
	return loadErr
}

// Current hands out a context, with context.Background() as the default.
func Current() context.Context {
	if current != nil {
		return current
	}
	return context.Background()
}

// Expired works under the context Current hands out.
func Expired() bool { return Current().Err() != nil }

// Base returns context.Background() as a default, but also works under context.TODO().
func Base() context.Context {
	if current == nil {
		return context.Background()
	}
	_ = work(context.TODO(), "base")
	return current
}
