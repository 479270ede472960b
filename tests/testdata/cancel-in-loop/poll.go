package cancelinloop

import (
	"context"
	"errors"
	"time"
)

// Job is one unit of work.
type Job struct {
	ID   string
	Wait time.Duration
}

// Worker runs jobs with a per-job timeout.
type Worker struct {
	timeout time.Duration
	run     func(context.Context, Job) error
}

// Drain defers the cancel of every per-job context until Drain returns.
func (w *Worker) Drain(ctx context.Context, jobs []Job) {
	for _, job := range jobs {
		jctx, cancel := context.WithTimeout(ctx, w.timeout)
		defer cancel() // want "cancel-in-loop: every iteration.s context and timer"
		_ = w.run(jctx, job)
	}
}

// Poll stops at the first failure: the break keeps the fix from being offered.
func (w *Worker) Poll(ctx context.Context, jobs <-chan Job) error {
	for job := range jobs {
		pctx, stop := context.WithCancel(ctx)
		defer stop() // want "cancel-in-loop"
		if err := w.run(pctx, job); err != nil {
			return err
		}
	}
	return nil
}

// Retry assigns to variables declared before the loop.
func (w *Worker) Retry(ctx context.Context, job Job, attempts int) error {
	var (
		actx   context.Context
		cancel context.CancelFunc
		err    error
	)
	for i := 0; i < attempts; i++ {
		actx, cancel = context.WithDeadline(ctx, time.Now().Add(w.timeout))
		if i > 0 {
			defer cancel() // want "cancel-in-loop"
		} else {
			cancel()
		}
		err = w.run(actx, job)
	}
	return err
}

// Matrix derives in the outer loop and defers in the inner one.
func (w *Worker) Matrix(ctx context.Context, rows [][]Job) {
	for _, row := range rows {
		rctx, cancelRow := context.WithCancelCause(ctx)
		for i, job := range row {
			if i == 0 {
				defer cancelRow(errors.New("row done")) // want "cancel-in-loop: call to cancelRow runs"
			}
			_ = w.run(rctx, job)
		}
		cancelRow(nil)
	}
}

// Forever is a poller that never returns: its deferred calls never run.
func (w *Worker) Forever(ctx context.Context, next func() Job) {
	for {
		var jctx, done = context.WithTimeoutCause(ctx, w.timeout, errors.New("slow job"))
		defer done() // want "cancel-in-loop"
		switch job := next(); job.ID {
		case "":
			break
		default:
			_ = w.run(jctx, job)
		}
	}
}
