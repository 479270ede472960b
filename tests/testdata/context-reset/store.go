package contextreset

import (
	"context"
	"errors"
	"sync"
)

// errNotFound is returned by Store.Load for a missing key.
var errNotFound = errors.New("not found")

// Store is a small in-memory key/value store whose methods honour a context.
type Store struct {
	mu   sync.Mutex
	data map[string]string
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{data: map[string]string{}}
}

// Load returns the value stored under key.
func (s *Store) Load(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.data[key]
	if !ok {
		return "", errNotFound
	}
	return v, nil
}

// Save stores value under key.
func (s *Store) Save(ctx context.Context, key, value string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[key] = value
	return nil
}

// Flush pretends to persist the store.
func (s *Store) Flush(ctx context.Context) error {
	return ctx.Err()
}
