package contextreset

import (
	"context"
	"testing"
)

// seedStore is a test helper with a ctx parameter.
func seedStore(ctx context.Context, t *testing.T, s *Store, kv map[string]string) {
	t.Helper()
	for k, v := range kv {
		if err := s.Save(context.Background(), k, v); err != nil { // want "context-reset"
			t.Fatalf("seed %s: %v", k, err)
		}
	}
	t.Cleanup(func() {
		// ctx may already be cancelled here: a fresh context is exempt.
		if err := s.Flush(context.Background()); err != nil {
			t.Errorf("flush: %v", err)
		}
	})
}

func TestServiceGet(t *testing.T) {
	ctx := t.Context()
	s := NewStore()
	seedStore(ctx, t, s, map[string]string{"a": "1"})
	svc := NewService(s)
	got, err := svc.Get(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if got != "1" {
		t.Errorf("Get = %q, want %q", got, "1")
	}
}

func TestEnqueueDetaches(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	svc := NewService(NewStore())
	if err := svc.Enqueue(ctx, "k"); err != nil {
		t.Fatalf("Enqueue after cancel: %v", err)
	}
}
