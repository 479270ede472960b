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
