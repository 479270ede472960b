package goroutinenocontext

import (
	"context"
	"time"
)

// drain and tickForever are declared in workers.go: the package index reads their bodies.
func (s *Store) CrossFile(ctx context.Context, jobs <-chan string) {
	go drain(jobs)   // want "goroutine-no-context: goroutine drain ignores the context available here but can block \(channel receive\)"
	go tickForever() // want "goroutine-no-context: goroutine tickForever .* \(time.Sleep\)"
}

// Not reported: the callee takes a context, mentions one, cannot block, is a method of
// something else than the receiver, or is a local func value.
func (s *Store) NamedFine(ctx context.Context, jobs <-chan string, other *Store) {
	go drainWith(ctx, jobs)
	go drainDetached(jobs)
	go logOnce("started")
	go other.loop(jobs)
	go s.quick()
	drain := func(<-chan string) {}
	go drain(jobs)
}

// No context is available here: goroutines start where contexts are born.
func startWorkers(jobs <-chan string) {
	go drain(jobs)
}

func (s *Store) quick() { s.next = nil }

func drainWith(ctx context.Context, jobs <-chan string) {
	for {
		select {
		case <-jobs:
		case <-ctx.Done():
			return
		}
	}
}

func logOnce(msg string) { _ = msg }

// sleeper is only a helper of workers.go's functions.
func sleeper() { time.Sleep(time.Second) }
