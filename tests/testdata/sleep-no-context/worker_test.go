package sleepnocontext

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

type memQueue struct {
	jobs  chan *Job
	acked atomic.Int64
}

func (q *memQueue) Next(ctx context.Context) (*Job, error) {
	select {
	case j := <-q.jobs:
		return j, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	default:
		return nil, errEmpty
	}
}

func (q *memQueue) Ack(ctx context.Context, id int) error {
	q.acked.Add(1)
	return ctx.Err()
}

// waitFor is a test helper with a ctx parameter.
func waitFor(ctx context.Context, t *testing.T, cond func() bool) {
	t.Helper()
	for !cond() {
		time.Sleep(10 * time.Millisecond) // want "sleep-no-context"
	}
}

func TestDrain(t *testing.T) {
	q := &memQueue{jobs: make(chan *Job, 2)}
	q.jobs <- &Job{ID: 1}
	q.jobs <- &Job{ID: 2}
	w := NewWorker(q, time.Millisecond)
	n, err := w.Drain(t.Context(), 5)
	if err != nil || n != 2 {
		t.Fatalf("Drain = %d, %v", n, err)
	}
	waitFor(t.Context(), t, func() bool { return q.acked.Load() == 2 })
}

func TestBackoff(t *testing.T) {
	// A test function has no ctx parameter: not flagged.
	time.Sleep(time.Millisecond)
	Backoff(0)
}
