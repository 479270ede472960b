package cancelinloop

import (
	"context"
	"os"
	"time"
)

// ---- not reported

// Scoped wraps each iteration in a func literal: the defer runs per iteration.
func (w *Worker) Scoped(ctx context.Context, jobs []Job) {
	for _, job := range jobs {
		func() {
			jctx, cancel := context.WithTimeout(ctx, w.timeout)
			defer cancel()
			_ = w.run(jctx, job)
		}()
	}
}

// Explicit cancels at the end of each iteration.
func (w *Worker) Explicit(ctx context.Context, jobs []Job) {
	for _, job := range jobs {
		jctx, cancel := context.WithTimeout(ctx, job.Wait)
		_ = w.run(jctx, job)
		cancel()
	}
}

// Shared derives one context before the loop: one context, not one per iteration.
func (w *Worker) Shared(ctx context.Context, jobs []Job) {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, job := range jobs {
		_ = w.run(sctx, job)
	}
}

// Files defers Close in a loop: not a context (go-critic's business, not ours).
func Files(names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
	}
	return nil
}

// Goroutines: a go statement's literal body is not inside the loop.
func (w *Worker) Goroutines(ctx context.Context, jobs []Job) {
	for _, job := range jobs {
		go func() {
			jctx, cancel := context.WithTimeout(ctx, w.timeout)
			defer cancel()
			_ = w.run(jctx, job)
		}()
	}
}

// Wrapped defers a closure: syntax does not tie it to the loop's context.
func (w *Worker) Wrapped(ctx context.Context, jobs []Job) {
	for _, job := range jobs {
		jctx, cancel := context.WithTimeout(ctx, w.timeout)
		defer func() { cancel() }()
		_ = w.run(jctx, job)
	}
}

// Deferred after the loop: the last cancel only.
func (w *Worker) After(ctx context.Context, jobs []Job) {
	cancel := context.CancelFunc(func() {})
	for _, job := range jobs {
		cancel()
		var jctx context.Context
		jctx, cancel = context.WithTimeout(ctx, w.timeout)
		_ = w.run(jctx, job)
	}
	defer cancel()
}

// fakeContext has look-alike methods; "context" is a local variable below.
type fakeContext struct{}

func (fakeContext) WithCancel(ctx context.Context) (context.Context, func()) {
	return ctx, func() {}
}

// Shadowed: context here is a local of type fakeContext.
func (w *Worker) Shadowed(ctx context.Context, jobs []Job) {
	context := fakeContext{}
	for _, job := range jobs {
		jctx, release := context.WithCancel(ctx)
		defer release()
		_ = w.run(jctx, job)
	}
}

// Later: the defer comes after a loop that derived a context in it.
func (w *Worker) Later(ctx context.Context, jobs []Job) {
	var cancel context.CancelFunc = func() {}
	for _, job := range jobs {
		cancel()
		var jctx context.Context
		jctx, cancel = context.WithDeadline(ctx, time.Now().Add(job.Wait))
		_ = w.run(jctx, job)
	}
	defer cancel()
}
