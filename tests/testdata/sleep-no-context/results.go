package sleepnocontext

import (
	"context"
	"net/http"
	"time"
)

// Result is a struct declared in this file: its zero value is Result{}.
type Result struct {
	Count int
	Note  string
}

// retryDelay is the pause between attempts.
const retryDelay = 50 * time.Millisecond

func name(ctx context.Context, q Queue) (string, bool, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	j, err := q.Next(ctx)
	if err != nil {
		return "", false, err
	}
	return j.Payload, true, nil
}

func nextJob(ctx context.Context, q Queue) (*Job, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	return q.Next(ctx)
}

func payload(ctx context.Context, q Queue) ([]byte, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	j, err := q.Next(ctx)
	if err != nil {
		return nil, err
	}
	return []byte(j.Payload), nil
}

func index(ctx context.Context, q Queue) (map[string]int, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	j, err := q.Next(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]int{j.Payload: j.ID}, nil
}

func measure(ctx context.Context, q Queue) (time.Duration, error) {
	start := time.Now()
	time.Sleep(retryDelay) // want "sleep-no-context"
	_, err := q.Next(ctx)
	return time.Since(start), err
}

func summarize(ctx context.Context, q Queue) (Result, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	j, err := q.Next(ctx)
	if err != nil {
		return Result{}, err
	}
	return Result{Count: 1, Note: j.Payload}, nil
}

func ratio(ctx context.Context, done, total int) (float64, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	if total == 0 {
		return 0, ctx.Err()
	}
	return float64(done) / float64(total), nil
}

func stream(ctx context.Context, ids []int) (<-chan int, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	ch := make(chan int, len(ids))
	for _, id := range ids {
		ch <- id
	}
	close(ch)
	return ch, nil
}

func lookup(ctx context.Context, q Queue) (any, func(), error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	j, err := q.Next(ctx)
	return j, func() {}, err
}

func bounds(ctx context.Context, xs []int) (lo, hi int, err error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	if len(xs) == 0 {
		return 0, 0, ctx.Err()
	}
	lo, hi = xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi, nil
}

func flush(ctx context.Context, q Queue) (err error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	return q.Ack(ctx, 0)
}

func summary(ctx context.Context, q Queue) (*Result, uint64, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	_, err := q.Next(ctx)
	return &Result{}, 1, err
}

// ---- flagged, but no fix: the zero value cannot be written or there is no error result ----

func headers(ctx context.Context, q Queue) (http.Header, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	_, err := q.Next(ctx)
	return http.Header{}, err
}

func deadline(ctx context.Context) (time.Time, error) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	d, _ := ctx.Deadline()
	return d, ctx.Err()
}

func tryLock(ctx context.Context, held bool) (int, bool) {
	time.Sleep(retryDelay) // want "sleep-no-context"
	return 1, !held && ctx.Err() == nil
}

func attempts(ctx context.Context) int {
	time.Sleep(retryDelay) // want "sleep-no-context"
	if ctx.Err() != nil {
		return 0
	}
	return 1
}
