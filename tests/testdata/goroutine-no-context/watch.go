package goroutinenocontext

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"time"
)

// Event is a change to a key.
type Event struct{ Key string }

// Store produces events.
type Store struct {
	db   *sql.DB
	ctx  context.Context // want "context-in-struct"
	next func(key string) Event
}

// Watch: the loop sends forever, even after the caller is gone.
func (s *Store) Watch(ctx context.Context, key string) <-chan Event {
	out := make(chan Event)
	go func() { // want "goroutine-no-context: .*\(loop\)"
		for {
			out <- s.next(key)
		}
	}()
	return out
}

// Notify: a single send can block forever when nobody receives.
func (s *Store) Notify(ctx context.Context, out chan<- Event, key string) {
	go func(k string) { // want "goroutine-no-context: .*\(channel send\)"
		out <- Event{Key: k}
	}(key)
}

// Await waits on a channel.
func (s *Store) Await(ctx context.Context, done <-chan struct{}, f func()) {
	go func() { <-done; f() }() // want "goroutine-no-context: .*\(channel receive\)"
}

// Named literal variable of the same function.
func (s *Store) Refresh(ctx context.Context, keys []string) {
	work := func() {
		for _, k := range keys {
			s.next(k)
		}
	}
	go work() // want "goroutine-no-context"
}

// Background: context.Background() inside is not the request's context.
func (s *Store) Background(ctx context.Context, q string) {
	go func() { // want "goroutine-no-context: .*\(sql.DB.Exec\)"
		s.db.ExecContext(context.Background(), q) // want "context-reset"

		s.db.Exec(q) // want "sql-no-context"
	}()
}

// Handler: the request's context is available.
func (s *Store) Handler(w http.ResponseWriter, r *http.Request) {
	go func() { // want "goroutine-no-context: .*\(time.Sleep\)" "writer-in-goroutine"
		time.Sleep(time.Second) // want "sleep-no-context"
		s.next(r.URL.Path)
	}()
	go http.Get("http://example.com/ping") // want "goroutine-no-context: .*http.Get" "http-no-context"
	w.WriteHeader(http.StatusAccepted)
}

// ---- not reported

// Passes ctx.
func (s *Store) PassCtx(ctx context.Context, keys []string) {
	go s.consume(ctx, keys)
	go func(c context.Context) {
		for range keys {
			if c.Err() != nil {
				return
			}
		}
	}(ctx)
}

func (s *Store) consume(ctx context.Context, keys []string) {}

// Mentions ctx, also in a nested closure.
func (s *Store) Mentions(ctx context.Context, out chan<- Event) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case out <- s.next("k"):
			}
		}
	}()
	go func() {
		check := func() bool { return ctx.Err() == nil }
		for check() {
			out <- s.next("k")
		}
	}()
}

// Derived: a context and a request derived from ctx.
func (s *Store) Derived(ctx context.Context, client *http.Client, url string) {
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	req, _ := http.NewRequestWithContext(tctx, http.MethodGet, url, nil)
	go func() {
		defer cancel()
		for i := 0; i < 3; i++ {
			client.Do(req)
		}
	}()
}

// Field named ctx: the goroutine listens to some context.
func (s *Store) Field(ctx context.Context, out chan<- Event) {
	go func() {
		for {
			select {
			case <-s.ctx.Done():
				return
			case out <- s.next("k"):
			}
		}
	}()
}

// Short: nothing can block.
func (s *Store) Short(ctx context.Context, wg *sync.WaitGroup, done chan struct{}) {
	go func() {
		wg.Wait()
		close(done)
	}()
	go wg.Wait()
}

// Nested: the loop is in a literal the goroutine never calls here.
func (s *Store) Nested(ctx context.Context, hooks *[]func()) {
	go func() {
		*hooks = append(*hooks, func() {
			for range 3 {
			}
		})
	}()
}

// Named functions and methods on the receiver are read through their declarations.
func (s *Store) Named(ctx context.Context, jobs <-chan string) {
	go pump(jobs)   // want "goroutine-no-context: goroutine pump ignores the context available here but can block \(loop\)"
	go s.loop(jobs) // want "goroutine-no-context: goroutine s.loop ignores"
}

func pump(jobs <-chan string) {
	for range jobs {
	}
}

func (s *Store) loop(jobs <-chan string) {
	for range jobs {
	}
}

// Reassigned: work may be another function by the time it runs.
func (s *Store) Reassigned(ctx context.Context, jobs <-chan string, other func()) {
	work := func() {
		for range jobs {
		}
	}
	work = other
	go work()
}

// NoCtx: no context is available.
func NoCtx(jobs <-chan string) {
	go func() {
		for range jobs {
		}
	}()
}

// Ignored names its context _.
func Ignored(_ context.Context, jobs <-chan string) {
	go func() {
		for range jobs {
		}
	}()
}

// Local context: born here, not available.
func Local(jobs <-chan string) {
	ctx := context.Background()
	go func() {
		for range jobs {
		}
	}()
	_ = ctx
}

// Twice: the second send blocks until someone receives.
func (s *Store) Twice(ctx context.Context) <-chan Event {
	res := make(chan Event, 1)
	go func() { // want "goroutine-no-context: .*\(channel send\)"
		res <- s.next("a")
		res <- s.next("b")
	}()
	return res
}

// Lookup: the result-channel idiom; a buffered send never blocks, the caller selects on ctx.
func (s *Store) Lookup(ctx context.Context, key string) (Event, error) {
	res := make(chan Event, 1)
	go func() {
		res <- s.next(key)
	}()
	select {
	case e := <-res:
		return e, nil
	case <-ctx.Done():
		return Event{}, ctx.Err()
	}
}

// Follow: stop is closed when ctx is done, and a flag is set: both carry the cancellation.
func (s *Store) Follow(ctx context.Context, out chan<- Event, mu *sync.Mutex) error {
	stop := make(chan struct{})
	cancelled := false
	go func() {
		for {
			select {
			case <-stop:
				return
			case out <- s.next("k"):
			}
		}
	}()
	go func() {
		for {
			mu.Lock()
			done := cancelled
			mu.Unlock()
			if done {
				return
			}
		}
	}()
	select {
	case <-ctx.Done():
		close(stop)
		mu.Lock()
		cancelled = true
		mu.Unlock()
	}
	return ctx.Err()
}
