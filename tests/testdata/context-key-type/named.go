package contextkeytype

import (
	"context"
	"net/http"

	"example.com/fixtures/context-key-type/internal/keys"
)

// --- negatives: keys of named types, and keys whose type syntax cannot see ---

type ctxKey int

type userKeyType struct{}

type nameKey string

const userKey ctxKey = 0

const (
	sessionKey ctxKey = iota
	localeKey
)

var requestKey = nameKey("request")

var pointerKey = new(int)

// sharedKey is declared in other.go: unknown in this file.
func named(ctx context.Context, u *User) []context.Context {
	int := func(v int) ctxKey { return ctxKey(v) }
	return []context.Context{
		context.WithValue(ctx, userKey, u),
		context.WithValue(ctx, localeKey, "de"),
		context.WithValue(ctx, userKeyType{}, u),
		context.WithValue(ctx, nameKey("n"), u),
		context.WithValue(ctx, requestKey, u),
		context.WithValue(ctx, pointerKey, u),
		context.WithValue(ctx, ctxKey(1)+1, u),
		context.WithValue(ctx, int(3), u), // int is a local func here
		context.WithValue(ctx, keys.Tenant, u),
		context.WithValue(ctx, keys.Region, u),
		context.WithValue(ctx, http.ServerContextKey, u),
		context.WithValue(ctx, sharedKey, u), // want "context-key-type: built-in type string"
		context.WithValue(ctx, keyFor("n"), u),
	}
}

func keyFor(name string) nameKey { return nameKey(name) }

// valueBag has a WithValue method of its own.
type valueBag struct{ m map[string]any }

func (b valueBag) WithValue(ctx context.Context, key string, v any) context.Context {
	b.m[key] = v
	return ctx
}

func lookalike(ctx context.Context) context.Context {
	bag := valueBag{m: map[string]any{}}
	return bag.WithValue(ctx, "user", 1)
}

// context is shadowed by a local of type valueBag.
func shadowed(ctx context.Context) context.Context {
	context := valueBag{m: map[string]any{}}
	return context.WithValue(ctx, "user", 1)
}

// ctxKey shadowed by a local alias of string: a local type, left alone.
func localType(ctx context.Context) context.Context {
	type key = string
	var k key = "k"
	return context.WithValue(ctx, k, 1)
}
