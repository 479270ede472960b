package contextreset

import (
	"context"
	"log"
)

// Package-level initialisers may create root contexts.
var (
	rootCtx  = context.Background()
	emptyCtx = context.TODO()
)

// newRoot refers to the function without calling it.
var newRoot func() context.Context = context.Background

var defaultService *Service

func init() {
	defaultService = NewService(NewStore())
	if err := defaultService.store.Save(context.Background(), "boot", "1"); err != nil {
		log.Fatal(err)
	}
}

// Roots exposes the package-level contexts.
func Roots() []context.Context {
	return []context.Context{rootCtx, emptyCtx, newRoot()}
}
