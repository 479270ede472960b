// noreturn_test.go: t.Fatal*, t.FailNow and t.Skip* on *testing.T and
// *testing.B end the test goroutine, so paths through them do not leak.
package lostcancel

import (
	"context"
	"os"
	"testing"
	"time"
)

// --- negatives ---

func TestReadConfigFatal(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want "test-context"
	cfg, err := readConfig(ctx, "service.yaml")
	if err != nil {
		t.Fatalf("readConfig: %v", err)
	}
	cancel()
	if cfg.Workers != 4 {
		t.Errorf("workers = %d, want 4", cfg.Workers)
	}
}

func TestReadConfigFailNow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background()) // want "test-context"
	if _, err := readConfig(ctx, ""); err == nil {
		t.Log("expected an error for an empty path")
		t.FailNow()
	}
	cancel()
}

func TestReadConfigSkip(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want "test-context"
	if os.Getenv("CONFIG_DIR") == "" {
		t.Skip("CONFIG_DIR not set")
	}
	defer cancel()
	if _, err := readConfig(ctx, os.Getenv("CONFIG_DIR")+"/service.yaml"); err != nil {
		t.Fatal(err)
	}
}

func TestReadConfigSkipNow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background()) // want "test-context"
	if testing.Short() {
		t.SkipNow()
	}
	_, _ = readConfig(ctx, "service.yaml")
	cancel()
}

func BenchmarkReadConfig(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background()) // want "test-context"
	if _, err := readConfig(ctx, "service.yaml"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_, _ = readConfig(ctx, "service.yaml")
	}
	cancel()
}

// --- positives ---

func TestReadConfigErrorf(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want "lost-cancel" "test-context"
	cfg, err := readConfig(ctx, "service.yaml")
	if err != nil {
		t.Errorf("readConfig: %v", err)
		return
	}
	cancel()
	if cfg.Addr == "" {
		t.Error("empty address")
	}
}

func TestReadConfigSubtests(t *testing.T) {
	for _, path := range []string{"a.yaml", "b.yaml"} {
		t.Run(path, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want "lost-cancel" "test-context"
			if _, err := readConfig(ctx, path); err != nil {
				t.Log(err)
				return
			}
			cancel()
		})
	}
}
