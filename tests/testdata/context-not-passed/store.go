package contextnotpassed

import (
	"context"
	"errors"
	"net/http"
)

type Store struct{ rows map[string]string }

// load makes its own context.
func (s *Store) load(id string) (string, error) {
	ctx := context.Background()
	return s.query(ctx, id)
}

func (s *Store) query(ctx context.Context, id string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	row, ok := s.rows[id]
	if !ok {
		return "", errors.New("not found")
	}
	return row, nil
}

// Fetch has a context-aware sibling: FetchContext.
func (s *Store) Fetch(id string) (string, error) { return s.FetchContext(context.TODO(), id) }

func (s *Store) FetchContext(ctx context.Context, id string) (string, error) { return s.query(ctx, id) }

// Get has a sibling whose parameters differ: no fix, still reported.
func Get(key string) string { return key }

func GetCtx(ctx context.Context, key string, fallback string) string {
	_ = ctx
	if key == "" {
		return fallback
	}
	return key
}

// warm reaches a fresh context through load (a method on the same receiver type) only
// when called on a *Store: as a function it is resolved by name.
func warm(s *Store) error {
	_, err := s.load("warm")
	return err
}

// prime calls a function that creates a fresh context two levels down.
func prime() error { return primeAll() }

func primeAll() error {
	_, err := http.NewRequestWithContext(context.Background(), "GET", "http://example.com", nil)
	return err
}

// detached starts from a fresh context only inside a goroutine: not counted.
func detached() {
	go func() {
		_ = context.Background()
	}()
}

// passThrough takes a context: the search stops here even though it creates one too.
func passThrough(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	return ctx.Err()
}

// pure does not touch contexts at all.
func pure(a, b int) int { return a + b }

// recursive calls itself and creates nothing: the cycle ends the search.
func recursive(n int) int {
	if n == 0 {
		return 0
	}
	return recursive(n - 1)
}

// Scan is the plain variant; ScanContext is built on it and must call it.
func Scan(key string) string { return key }

func ScanContext(ctx context.Context, key string) string {
	if ctx.Err() != nil {
		return ""
	}
	return Scan(key)
}
