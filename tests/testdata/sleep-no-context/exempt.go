package sleepnocontext

import (
	"context"
	"fmt"
	"time"
)

// defaultSleep is a package-level literal without ctx.
var defaultSleep = func(d time.Duration) { time.Sleep(d) }

// Backoff has no ctx.
func Backoff(attempt int) {
	time.Sleep(time.Duration(1<<attempt) * 10 * time.Millisecond)
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	Sleep(d time.Duration)
}

// fakeClock advances instantly.
type fakeClock struct {
	now time.Time
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(d time.Duration) { c.now = c.now.Add(d) }

// throttle calls Sleep on a Clock, not the time package.
func (w *Worker) throttle(ctx context.Context, clock Clock) time.Time {
	clock.Sleep(w.interval)
	if ctx.Err() != nil {
		return time.Time{}
	}
	return clock.Now()
}

// simulateFor shadows the time package with a local.
func (w *Worker) simulateFor(ctx context.Context, n int) time.Time {
	start := time.Unix(0, 0)
	time := &fakeClock{now: start}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		time.Sleep(w.interval)
	}
	return time.Now()
}

// nopWorker ignores its ctx parameter (named _).
type nopWorker struct {
	d time.Duration
}

func (n nopWorker) Run(_ context.Context) {
	time.Sleep(n.d)
}

// RunOnce creates its own root: a local ctx does not make ctx available.
func RunOnce(w *Worker) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	time.Sleep(w.interval)
	w.Run(ctx)
}

// Pause describes time.Sleep(d) in a comment and a string only.
func Pause(ctx context.Context) string {
	// time.Sleep(d) would ignore ctx here.
	return fmt.Sprintf("time.Sleep(d) ignores %v", ctx.Err())
}

// Loop sleeps in a func literal of a function without ctx.
func Loop(n int, d time.Duration) {
	step := func() { time.Sleep(d) }
	for i := 0; i < n; i++ {
		step()
	}
	defaultSleep(d)
}
