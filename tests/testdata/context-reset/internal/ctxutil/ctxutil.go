// Package ctxutil has helpers whose names look like the context package's.
package ctxutil

import "context"

type detachedKey struct{}

// Background returns a root context marked as detached. It has no ctx parameter,
// so creating a context here is fine.
func Background() context.Context {
	return context.WithValue(context.Background(), detachedKey{}, true)
}

// TODO is a look-alike of context.TODO.
func TODO() context.Context {
	return Background()
}

// IsDetached reports whether ctx came from Background.
func IsDetached(ctx context.Context) bool {
	v, _ := ctx.Value(detachedKey{}).(bool)
	return v
}
