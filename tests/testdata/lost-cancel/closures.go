// closures.go: every function literal is analysed on its own; a closure
// that mentions cancel counts as a use; variables of an enclosing function
// assigned from inside a literal are not analysed.
package lostcancel

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Crawler fetches pages concurrently.
type Crawler struct {
	client  *http.Client
	timeout time.Duration
	wg      sync.WaitGroup
}

func (c *Crawler) fetch(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, url, nil)
	if err != nil {
		return err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// --- positives ---

// CrawlAll starts one goroutine per URL; each goroutine leaks its timeout.
// The enclosing function itself has nothing to report.
func (c *Crawler) CrawlAll(ctx context.Context, urls []string) {
	for _, u := range urls {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			pageCtx, _ := context.WithTimeout(ctx, c.timeout) // want "lost-cancel"
			_ = c.fetch(pageCtx, u)
		}()
	}
	c.wg.Wait()
}

// Handler returns a handler whose per-request context leaks on bad input.
func (c *Crawler) Handler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), c.timeout) // want "lost-cancel"
		target := r.URL.Query().Get("url")
		if target == "" {
			http.Error(w, "missing url", http.StatusBadRequest)
			return
		}
		defer cancel()
		if err := c.fetch(ctx, target); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
		}
	}
}

// defaultProbe is a package-level function literal.
var defaultProbe = func(ctx context.Context, c *Crawler, url string) error {
	probeCtx, _ := context.WithTimeout(ctx, 3*time.Second) // want "lost-cancel"
	return c.fetch(probeCtx, url)
}

// Prober builds nested literals; only the innermost one leaks.
func (c *Crawler) Prober(ctx context.Context) func(string) func() error {
	outerCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	return func(url string) func() error {
		return func() error {
			innerCtx, stop := context.WithTimeout(outerCtx, c.timeout) // want "lost-cancel"
			if url == "" {
				return nil
			}
			defer stop()
			return c.fetch(innerCtx, url)
		}
	}
}

// Sweep: the literal leaks; the cancel of the enclosing function, which has
// the same name, is deferred properly.
func (c *Crawler) Sweep(ctx context.Context, urls []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	check := func(u string) error {
		ctx, cancel := context.WithTimeout(ctx, c.timeout) // want "lost-cancel"
		if err := c.fetch(ctx, u); err != nil {
			return err
		}
		cancel()
		return nil
	}
	for _, u := range urls {
		if err := check(u); err != nil {
			return err
		}
	}
	return nil
}

// --- negatives ---

// CrawlOwned gives each goroutine its own deferred cancel.
func (c *Crawler) CrawlOwned(ctx context.Context, urls []string) {
	for _, u := range urls {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			pageCtx, cancel := context.WithTimeout(ctx, c.timeout)
			defer cancel()
			_ = c.fetch(pageCtx, u)
		}()
	}
	c.wg.Wait()
}

// WatchDone cancels from a goroutine that waits for a signal.
func (c *Crawler) WatchDone(ctx context.Context, url string, done <-chan struct{}) error {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		<-done
		cancel()
	}()
	return c.fetch(ctx, url)
}

// Cleanup: a closure that mentions cancel counts as a use where it is
// written, even on the path that never calls the closure.
func (c *Crawler) Cleanup(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	release := func() { cancel() }
	if url == "" {
		return nil
	}
	defer release()
	return c.fetch(ctx, url)
}

// DeferClosure wraps cancel in a deferred literal.
func (c *Crawler) DeferClosure(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer func() {
		c.wg.Wait()
		cancel()
	}()
	return c.fetch(ctx, url)
}

// Lazy assigns the enclosing function's cancel from inside a literal; the
// literal does not own that variable.
func (c *Crawler) Lazy(ctx context.Context, url string) error {
	var (
		reqCtx context.Context
		cancel context.CancelFunc
	)
	start := func() {
		reqCtx, cancel = context.WithTimeout(ctx, c.timeout)
	}
	start()
	defer cancel()
	return c.fetch(reqCtx, url)
}

// Handoff stores a literal-local cancel into the enclosing function's variable.
func (c *Crawler) Handoff(ctx context.Context, url string) error {
	var stopFetch context.CancelFunc
	var fetchCtx context.Context
	func() {
		fc, stop := context.WithCancel(ctx)
		fetchCtx, stopFetch = fc, stop
	}()
	defer stopFetch()
	return c.fetch(fetchCtx, url)
}

// Middleware returns a literal that defers its own cancel.
func (c *Crawler) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), c.timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
