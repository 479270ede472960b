package sleepnocontext

import (
	"context"
	"errors"
	"log"
	"time"
)

var errEmpty = errors.New("queue empty")

// Job is a unit of work.
type Job struct {
	ID      int
	Payload string
}

// Queue hands out jobs.
type Queue interface {
	Next(ctx context.Context) (*Job, error)
	Ack(ctx context.Context, id int) error
}

// Worker polls a Queue.
type Worker struct {
	queue    Queue
	interval time.Duration
	sleep    func(time.Duration)
	handled  int
}

// NewWorker stores time.Sleep as a value: not a call.
func NewWorker(q Queue, interval time.Duration) *Worker {
	return &Worker{queue: q, interval: interval, sleep: time.Sleep}
}

func (w *Worker) handle(ctx context.Context, j *Job) {
	if err := w.queue.Ack(ctx, j.ID); err != nil {
		log.Printf("ack %d: %v", j.ID, err)
		return
	}
	w.handled++
}

// Run polls until ctx is done, but its sleep ignores ctx.
func (w *Worker) Run(ctx context.Context) {
	for ctx.Err() == nil {
		job, err := w.queue.Next(ctx)
		if err != nil {
			log.Printf("next: %v", err)
			time.Sleep(w.interval) // want "sleep-no-context"
			continue
		}
		w.handle(ctx, job)
	}
}

// Drain retries with a growing backoff.
func (w *Worker) Drain(ctx context.Context, max int) (int, error) {
	backoff := 10 * time.Millisecond
	n := 0
	for n < max {
		job, err := w.queue.Next(ctx)
		if errors.Is(err, errEmpty) {
			return n, nil
		}
		if err != nil {
			time.Sleep(backoff) // want "sleep-no-context"
			backoff *= 2
			continue
		}
		w.handle(ctx, job)
		n++
	}
	return n, nil
}

// AckAll sleeps under a derived ctx of the same name.
func (w *Worker) AckAll(ctx context.Context, ids []int) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	for _, id := range ids {
		for attempt := 0; ; attempt++ {
			err := w.queue.Ack(ctx, id)
			if err == nil {
				break
			}
			if attempt == 3 {
				return err
			}
			time.Sleep(time.Duration(attempt+1) * 100 * time.Millisecond) // want "sleep-no-context"
		}
	}
	return nil
}

func forEach(jobs []*Job, fn func(*Job) error) error {
	for _, j := range jobs {
		if err := fn(j); err != nil {
			return err
		}
	}
	return nil
}

// Each sleeps inside a literal that returns error.
func (w *Worker) Each(ctx context.Context, jobs []*Job) error {
	return forEach(jobs, func(j *Job) error {
		if j.Payload == "" {
			time.Sleep(w.interval) // want "sleep-no-context"
		}
		return w.queue.Ack(ctx, j.ID)
	})
}

// Schedule sleeps inside a literal without results.
func (w *Worker) Schedule(ctx context.Context, jobs []*Job) error {
	tick := func() {
		time.Sleep(w.interval) // want "sleep-no-context"
		w.handled++
	}
	for range jobs {
		tick()
	}
	return ctx.Err()
}

func runN(ctx context.Context, n int, fn func(context.Context, int) error) error {
	for i := 0; i < n; i++ {
		if err := fn(ctx, i); err != nil {
			return err
		}
	}
	return nil
}

// Pool: the literal's own ctx parameter is the nearest.
func (w *Worker) Pool(ctx context.Context, n int) error {
	return runN(ctx, n, func(jobCtx context.Context, i int) error {
		time.Sleep(time.Duration(i) * w.interval) // want "sleep-no-context"
		_, err := w.queue.Next(jobCtx)
		return err
	})
}

// Shutdown defers a sleep: flagged, but no fix.
func (w *Worker) Shutdown(ctx context.Context) error {
	defer time.Sleep(100 * time.Millisecond) // want "sleep-no-context"
	return w.queue.Ack(ctx, -1)
}

// 节流 has an emoji comment before the finding.
func (w *Worker) 节流(ctx context.Context) {
	/* 等待 ⏳ */ time.Sleep(w.interval) // want "sleep-no-context"
}

// Wait is the correct form.
func (w *Worker) Wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// tick uses the injected sleeper, not time.Sleep.
func (w *Worker) tick(ctx context.Context) error {
	w.sleep(w.interval)
	return ctx.Err()
}
