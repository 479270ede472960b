// Package contextkeytype exercises context-key-type.
package contextkeytype

import (
	"context"
	"net/http"

	"example.com/fixtures/context-key-type/internal/keys"
)

type User struct{ Name string }

const requestIDKey = "request-id"

const traceKey string = "trace"

var tenantKey = "tenant"

const (
	firstKey = iota
	secondKey
)

type aliasKey = string

const aliasedKey aliasKey = "aliased"

var anyKey any = "any"

// Größe — 日本語のコメント before the finding.
const schlüssel = "ключ"

// --- positives ---

func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, "user", u) // want "context-key-type: built-in type string"
}

func literals(ctx context.Context) []context.Context {
	return []context.Context{
		context.WithValue(ctx, 42, 1),                    // want "context-key-type: built-in type int"
		context.WithValue(ctx, true, 1),                  // want "context-key-type: built-in type bool"
		context.WithValue(ctx, 1.5, 1),                   // want "context-key-type: built-in type float64"
		context.WithValue(ctx, 'k', 1),                   // want "context-key-type: built-in type rune"
		context.WithValue(ctx, -1, 1),                    // want "context-key-type: built-in type int"
		context.WithValue(ctx, "a"+"b", 1),               // want "context-key-type: built-in type string"
		context.WithValue(ctx, (`raw`), 1),               // want "context-key-type: built-in type string"
		context.WithValue(ctx, struct{}{}, 1),            // want "context-key-type: type struct\{\} equals"
		context.WithValue(ctx, any("boxed"), 1),          // want "context-key-type: built-in type string"
		context.WithValue(ctx, interface{}(uint8(3)), 1), // want "context-key-type: built-in type uint8"
		context.WithValue(ctx, requestIDKey, 1),          // want "context-key-type: built-in type string"
		context.WithValue(ctx, traceKey, 1),              // want "context-key-type"
		context.WithValue(ctx, tenantKey, 1),             // want "context-key-type"
		context.WithValue(ctx, secondKey, 1),             // want "context-key-type: built-in type int"
		context.WithValue(ctx, aliasedKey, 1),            // want "context-key-type: built-in type string"
		context.WithValue(ctx, anyKey, 1),                // want "context-key-type: built-in type string"
		context.WithValue(ctx, schlüssel, 1),             // want "context-key-type"
		context.WithValue(ctx, http.MethodGet, 1),        // a constant of another package: unknown
		context.WithValue(ctx, keys.Tenant+"-suffix", 1), // unknown left side: silent
	}
}

func locals(ctx context.Context, name string, id int64, key any) []context.Context {
	const local = "local"
	const typed int = 1
	k := "short"
	var v = 2.5
	var b bool
	var boxed interface{} = "boxed"
	return []context.Context{
		context.WithValue(ctx, local, 1),        // want "context-key-type: built-in type string"
		context.WithValue(ctx, typed, 1),        // want "context-key-type: built-in type int"
		context.WithValue(ctx, k, 1),            // want "context-key-type: built-in type string"
		context.WithValue(ctx, v, 1),            // want "context-key-type: built-in type float64"
		context.WithValue(ctx, b, 1),            // want "context-key-type: built-in type bool"
		context.WithValue(ctx, boxed, 1),        // want "context-key-type: built-in type string"
		context.WithValue(ctx, name, 1),         // want "context-key-type: built-in type string"
		context.WithValue(ctx, id, 1),           // want "context-key-type: built-in type int64"
		context.WithValue(ctx, string(name), 1), // want "context-key-type: built-in type string"
		context.WithValue(ctx, key, 1),          // a parameter of type any: holds what the caller passed
	}
}

// A multi-line call: the diagnostic starts at the key.
func multiline(ctx context.Context, u *User) context.Context {
	return context.WithValue(
		ctx,
		"user", // want "context-key-type"
		u,
	)
}
