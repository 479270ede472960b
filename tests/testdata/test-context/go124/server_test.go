package testcontext

import (
	"context"
	"testing"
	"time"
)

// The special case: WithCancel + defer cancel become ctx := t.Context().
func TestSpecial(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background()) // want "test-context"
	defer cancel()
	tctx, stop := context.WithTimeout(ctx, time.Second)
	defer stop()
	if err := Start(ctx).Ping(tctx); err != nil {
		t.Fatal(err)
	}
}

// TODO inside WithTimeout: the import stays used.
func TestTODO(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.TODO(), time.Second) // want "test-context: context.TODO\(\)"
	defer cancel()
	if err := Start(ctx).Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

// Plain: nothing else in the function uses the package: unsafe.
func TestPlain(t *testing.T) {
	srv := Start(context.Background()) // want "test-context"
	if srv.stopped {
		t.Fatal("stopped")
	}
}

// Subtests get their own t.
func TestRun(t *testing.T) {
	t.Run("ping", func(t *testing.T) {
		var ctx context.Context = context.Background() // want "test-context"
		if err := Start(ctx).Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// Cleanup: the closure is not flagged; the context it uses makes the fix unsafe.
func TestCleanup(t *testing.T) {
	ctx := context.Background() // want "test-context"
	srv := Start(ctx)
	t.Cleanup(func() {
		if err := srv.Shutdown(ctx); err != nil {
			t.Error(err)
		}
		_ = srv.Shutdown(context.Background())
	})
	var _ context.CancelFunc
}

// Benchmarks and fuzz targets.
func BenchmarkPing(b *testing.B) {
	srv := Start(context.Background()) // want "test-context: .*b.Context\(\)"
	for i := 0; i < b.N; i++ {
		_ = srv.Ping(context.TODO()) // want "test-context"
	}
}

func FuzzPing(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		_ = Start(context.Background()).Ping(context.Background()) // want "test-context" "test-context"
	})
}

// Shadowed: t is a string inside the loop; no fix.
func TestShadowed(t *testing.T) {
	for _, t := range []string{"a"} {
		_ = t
		_ = Start(context.Background()) // want "test-context"
	}
}

// Comparisons are not flagged.
func TestCompare(t *testing.T) {
	ctx := Helper(t, context.TODO()) // want "test-context"
	if ctx == context.Background() {
		t.Fatal("same")
	}
}

// Helper has a ctx parameter: that is context-reset's finding.
func Helper(t *testing.T, ctx context.Context) context.Context {
	_ = Start(context.TODO()) // want "context-reset"
	return ctx
}

// TestMain's *testing.M is not a test.
func TestMain(m *testing.M) {
	_ = Start(context.Background())
	m.Run()
}

// A literal registered with Cleanup through a variable is a cleanup function too.
func TestCleanupVar(t *testing.T) {
	srv := NewServer(t)
	shutdown := func() {
		if err := srv.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(shutdown)
}
