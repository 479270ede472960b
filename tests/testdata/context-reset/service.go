package contextreset

import (
	"context"
	"fmt"
	"strings"
	"time"

	"example.com/fixtures/context-reset/internal/ctxutil"
)

// RequestScope is a context type declared in this package: a parameter of this
// type makes ctx available just like context.Context does.
type RequestScope context.Context

// Service wraps a Store with timeouts and bookkeeping.
type Service struct {
	store   *Store
	timeout time.Duration
}

// NewService returns a Service over store.
func NewService(store *Store) *Service {
	return &Service{store: store, timeout: 2 * time.Second}
}

// Get drops the caller's deadline and cancellation.
func (s *Service) Get(ctx context.Context, key string) (string, error) {
	return s.store.Load(context.Background(), key) // want "context-reset"
}

// Put uses TODO although a ctx is at hand.
func (s *Service) Put(ctx context.Context, key, value string) error {
	if key == "" {
		return fmt.Errorf("put: empty key")
	}
	return s.store.Save(context.TODO(), key, value) // want "context-reset"
}

// Sync has a ctx derived from parent in scope: the fix must prefer it.
func (s *Service) Sync(parent context.Context, keys []string) error {
	ctx, cancel := context.WithTimeout(parent, s.timeout)
	defer cancel()
	for _, k := range keys {
		if err := s.store.Save(context.Background(), k, "synced"); err != nil { // want "context-reset"
			return err
		}
	}
	return s.store.Flush(ctx)
}

// Refresh re-binds ctx to a derived context of the same name.
func (s *Service) Refresh(ctx context.Context, key string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	v, err := s.store.Load(context.TODO(), key) // want "context-reset"
	if err != nil {
		return "", fmt.Errorf("refresh %q: %w", key, err)
	}
	return v, s.store.Save(ctx, key, v)
}

// Warm starts a fresh timeout from Background instead of from ctx.
func (s *Service) Warm(ctx context.Context, keys []string) error {
	wctx, cancel := context.WithTimeout(context.Background(), s.timeout) // want "context-reset"
	defer cancel()
	for _, k := range keys {
		if _, err := s.store.Load(wctx, k); err != nil && err != errNotFound {
			return err
		}
	}
	return nil
}

// Copy resets both contexts of one call.
func (s *Service) Copy(ctx context.Context, from, to string) error {
	return s.copyKey(context.Background(), context.TODO(), from, to) // want "context-reset" "context-reset"
}

func (s *Service) copyKey(src, dst context.Context, from, to string) error {
	v, err := s.store.Load(src, from)
	if err != nil {
		return err
	}
	return s.store.Save(dst, to, v)
}

// SaveAll: a func literal sees the ctx of its enclosing function.
func (s *Service) SaveAll(ctx context.Context, items map[string]string) error {
	return s.each(items, func(k, v string) error {
		return s.store.Save(context.Background(), k, v) // want "context-reset"
	})
}

func (s *Service) each(items map[string]string, fn func(k, v string) error) error {
	for k, v := range items {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// RunJobs: the literal's own parameter is the nearest ctx.
func (s *Service) RunJobs(ctx context.Context, keys []string) error {
	return s.runEach(ctx, keys, func(jobCtx context.Context, key string) error {
		_, err := s.store.Load(context.TODO(), key) // want "context-reset"
		return err
	})
}

func (s *Service) runEach(ctx context.Context, keys []string, job func(context.Context, string) error) error {
	for _, k := range keys {
		if err := job(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// Checks nests literals two levels deep.
func (s *Service) Checks(ctx context.Context, keys []string) []func() error {
	var checks []func() error
	for _, k := range keys {
		checks = append(checks, func() error {
			load := func() error {
				_, err := s.store.Load(context.Background(), k) // want "context-reset"
				return err
			}
			return load()
		})
	}
	return checks
}

// Transfer records failures from a deferred literal.
func (s *Service) Transfer(ctx context.Context, key string) (err error) {
	defer func() {
		if err != nil {
			_ = s.store.Save(context.Background(), "failed:"+key, err.Error()) // want "context-reset"
		}
	}()
	v, err := s.store.Load(ctx, key)
	if err != nil {
		return err
	}
	return s.store.Save(ctx, "moved:"+key, v)
}

// Audit takes a package-declared context type.
func (s *Service) Audit(scope RequestScope, action string) error {
	return s.store.Save(context.Background(), "audit", action) // want "context-reset"
}

// 查询 has non-ASCII identifiers and comments before the finding.
func (s *Service) 查询(ctx context.Context, 键 string) (string, error) {
	结果, err := s.store.Load(context.Background(), 键) // want "context-reset"
	if err != nil {
		return "", err
	}
	/* 🚀 热路径 */ return strings.ToUpper(结果), s.store.Save(context.TODO(), 键, 结果) // want "context-reset"
}

// ---- negatives ----

// Close has no ctx parameter: this is where a context is born.
func (s *Service) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.store.Flush(ctx)
}

// Enqueue detaches on purpose: the argument of WithoutCancel is exempt.
func (s *Service) Enqueue(ctx context.Context, key string) error {
	jobCtx := context.WithoutCancel(context.Background())
	if err := s.store.Save(jobCtx, "queue:"+key, "pending"); err != nil {
		return err
	}
	return s.store.Save(context.WithoutCancel(ctx), "queued:"+key, "1")
}

// RunForever creates its own root; a local ctx variable does not make ctx
// available, not even to the literal below.
func (s *Service) RunForever(keys []string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return s.runEach(ctx, keys, func(_ context.Context, key string) error {
		_, err := s.store.Load(context.TODO(), key)
		return err
	})
}

// noopNotifier ignores its ctx parameter explicitly.
type noopNotifier struct{ sink *Store }

// Notify has its ctx parameter named _, so a fresh context is allowed.
func (n noopNotifier) Notify(_ context.Context, msg string) error {
	return n.sink.Save(context.Background(), "last-notification", msg)
}

// Log takes a ctx that is not a context.
func (s *Service) Log(ctx map[string]string, msg string) error {
	return s.store.Save(context.TODO(), "log:"+ctx["request_id"], msg)
}

// Detached uses the look-alike helpers of ctxutil.
func (s *Service) Detached(ctx context.Context, key string) error {
	if ctxutil.IsDetached(ctx) {
		return s.store.Save(ctxutil.Background(), key, "detached") // want "context-not-passed: stops at ctxutil.Background"
	}
	return s.store.Save(ctxutil.TODO(), key, "todo") // want "context-not-passed: stops at ctxutil.TODO: .* \(through Background\)"
}

// hint mentions context.Background() in a string only.
const hint = "use context.Background() only in main"

// Explain mentions the calls in comments and strings only.
func (s *Service) Explain(ctx context.Context) error {
	// Do not call context.Background() or context.TODO() here.
	return s.store.Save(ctx, "hint", hint+"; never context.TODO()")
}
