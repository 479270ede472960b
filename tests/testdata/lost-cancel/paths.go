// paths.go: the cancel function is used on some control-flow paths but not
// on all of them (if, switch, type switch, select, loops, labels, goto).
package lostcancel

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Job is one unit of work taken from the queue.
type Job struct {
	ID       string
	Kind     string
	Priority int
	Payload  any
	Attempts int
}

// Worker processes jobs from a queue.
type Worker struct {
	jobTimeout time.Duration
	maxRetries int
	results    chan string
	stop       chan struct{}
}

var (
	errMissingID   = errors.New("job has no id")
	errUnknownKind = errors.New("unknown job kind")
	errExhausted   = errors.New("retries exhausted")
	errStopped     = errors.New("worker stopped")
)

func (w *Worker) run(ctx context.Context, job Job) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}

// --- positives ---

// Process returns early before the defer is registered.
func (w *Worker) Process(parent context.Context, job Job) error {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout) // want "lost-cancel"
	if job.ID == "" {
		return errMissingID
	}
	defer cancel()
	return w.run(ctx, job)
}

// Dispatch leaks in the "dry-run" case; the fallthrough from "urgent" is fine.
func (w *Worker) Dispatch(parent context.Context, job Job) error {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout) // want "lost-cancel"
	switch job.Kind {
	case "urgent":
		job.Priority = 0
		fallthrough
	case "batch":
		defer cancel()
		return w.run(ctx, job)
	case "dry-run":
		return nil
	}
	cancel()
	return errUnknownKind
}

// Decode leaks when the payload is a string.
func (w *Worker) Decode(parent context.Context, job Job) error {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	switch p := job.Payload.(type) {
	case []byte:
		defer cancel()
		return w.run(ctx, Job{ID: job.ID, Payload: p})
	case string:
		if p == "" {
			return errMissingID
		}
	case nil:
		cancel()
		return nil
	}
	cancel()
	return nil
}

// Poll gives up in the default branch without cancelling.
func (w *Worker) Poll(parent context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout) // want "lost-cancel"
	select {
	case r := <-w.results:
		cancel()
		return r, nil
	case <-ctx.Done():
		cancel()
		return "", ctx.Err()
	default:
		return "", nil
	}
}

// Await leaks when the worker is stopped.
func (w *Worker) Await(parent context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout) // want "lost-cancel"
	select {
	case r := <-w.results:
		cancel()
		return r, nil
	case <-w.stop:
		return "", errStopped
	case <-ctx.Done():
		cancel()
		return "", ctx.Err()
	}
}

// Retry only cancels when an attempt succeeds.
func (w *Worker) Retry(parent context.Context, job Job) error {
	ctx, cancel := context.WithTimeout(parent, time.Duration(w.maxRetries)*w.jobTimeout) // want "lost-cancel"
	for attempt := 0; attempt < w.maxRetries; attempt++ {
		if err := w.run(ctx, job); err == nil {
			cancel()
			return nil
		}
		job.Attempts++
	}
	return errExhausted
}

// DrainShards stops early on a poisoned key; leaving the outer loop by
// exhausting the shards skips cancel.
func (w *Worker) DrainShards(parent context.Context, shards [][]Job) int {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	done := 0
shards:
	for _, shard := range shards {
		for _, job := range shard {
			if job.ID == "" {
				continue shards
			}
			if job.Kind == "poison" {
				cancel()
				break shards
			}
			if w.run(ctx, job) == nil {
				done++
			}
		}
	}
	return done
}

// Flush leaves through a goto that bypasses cancel.
func (w *Worker) Flush(parent context.Context, batch []Job) error {
	var err error
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout) // want "lost-cancel"
	for _, job := range batch {
		if err = w.run(ctx, job); err != nil {
			goto failed
		}
	}
	cancel()
	return nil
failed:
	return fmt.Errorf("flush: %w", err)
}

// Validate returns from inside a range loop.
func (w *Worker) Validate(parent context.Context, batch []Job) error {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	for i, job := range batch {
		if job.ID == "" {
			return fmt.Errorf("job %d: %w", i, errMissingID)
		}
	}
	defer cancel()
	return w.run(ctx, batch[0])
}

// Heartbeat falls off the closing brace when nothing is pending.
func (w *Worker) Heartbeat(parent context.Context, pending int) {
	ctx, cancel := context.WithTimeout(parent, time.Second) // want "lost-cancel"
	if pending > 0 {
		_ = w.run(ctx, Job{ID: "heartbeat"})
		cancel()
	}
}

// Admit has two returns that skip cancel.
func (w *Worker) Admit(parent context.Context, job Job) error {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout) // want "lost-cancel"
	if job.ID == "" {
		return errMissingID
	}
	if job.Attempts > w.maxRetries {
		return errExhausted
	}
	defer cancel()
	return w.run(ctx, job)
}

// Schedule leaks both at an early return and at the closing brace.
func (w *Worker) Schedule(parent context.Context, jobs []Job) {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	if len(jobs) == 0 {
		return
	}
	for _, job := range jobs {
		if job.Kind == "stop" {
			cancel()
			break
		}
		_ = w.run(ctx, job)
	}
}

// --- negatives ---

// ProcessBoth cancels in both arms of the if.
func (w *Worker) ProcessBoth(parent context.Context, job Job) error {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout)
	if job.ID == "" {
		cancel()
		return errMissingID
	} else {
		err := w.run(ctx, job)
		cancel()
		return err
	}
}

// Route reaches cancel from every case, the fallthrough included.
func (w *Worker) Route(parent context.Context, job Job) error {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout)
	switch job.Kind {
	case "urgent":
		job.Priority = 0
		fallthrough
	case "batch":
		cancel()
		return w.run(context.WithoutCancel(ctx), job)
	default:
		cancel()
		return errUnknownKind
	}
}

// Collect: a select without default runs exactly one of its cases.
func (w *Worker) Collect(parent context.Context) string {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout)
	var got string
	select {
	case r := <-w.results:
		got = r
		cancel()
	case <-ctx.Done():
		cancel()
	}
	return got
}

// Supervise never returns: break inside select only leaves the select.
func (w *Worker) Supervise(parent context.Context, jobs <-chan Job) {
	ctx, cancel := context.WithCancel(parent)
	for {
		select {
		case job := <-jobs:
			if job.ID == "" {
				break
			}
			if job.Kind == "shutdown" {
				cancel()
			}
			_ = w.run(ctx, job)
		case <-w.stop:
			cancel()
		}
	}
}

// Loop never returns either: break inside a switch only leaves the switch.
func (w *Worker) Loop(parent context.Context, jobs <-chan Job) {
	ctx, cancel := context.WithCancel(parent)
	for {
		job := <-jobs
		switch job.Kind {
		case "skip":
			break
		case "stop":
			cancel()
		default:
			_ = w.run(ctx, job)
		}
	}
}

// Serve blocks forever after starting the worker.
func (w *Worker) Serve(parent context.Context, jobs <-chan Job) {
	ctx, cancel := context.WithCancel(parent)
	if cap(jobs) == 0 {
		cancel()
		return
	}
	go w.Supervise(ctx, jobs)
	select {}
}

// DrainAll cancels after the labelled loops on every exit.
func (w *Worker) DrainAll(parent context.Context, shards [][]Job) int {
	ctx, cancel := context.WithCancel(parent)
	done := 0
shards:
	for _, shard := range shards {
		for _, job := range shard {
			if job.ID == "" {
				continue shards
			}
			if job.Kind == "poison" {
				break shards
			}
			if w.run(ctx, job) == nil {
				done++
			}
		}
	}
	cancel()
	return done
}

// FlushAll jumps to a label that cancels.
func (w *Worker) FlushAll(parent context.Context, batch []Job) (err error) {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout)
	for _, job := range batch {
		if err = w.run(ctx, job); err != nil {
			goto out
		}
	}
out:
	cancel()
	return err
}

// RetryAll cancels after the loop ends by any route.
func (w *Worker) RetryAll(parent context.Context, job Job) error {
	ctx, cancel := context.WithTimeout(parent, w.jobTimeout)
	var err error
	for i := range w.maxRetries {
		if err = w.run(ctx, job); err == nil {
			break
		}
		if i%2 == 1 {
			continue
		}
		job.Attempts++
	}
	cancel()
	return err
}

// Classify cancels in every arm of a type switch with a default.
func (w *Worker) Classify(parent context.Context, job Job) string {
	_, cancel := context.WithCancel(parent)
	switch job.Payload.(type) {
	case []byte:
		cancel()
		return "binary"
	case string:
		cancel()
		return "text"
	default:
		cancel()
		return "other"
	}
}
