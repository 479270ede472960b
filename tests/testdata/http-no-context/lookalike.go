package httpnocontext

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
)

// pageCache has a Get method like http.Client's.
type pageCache struct {
	mu    sync.Mutex
	pages map[string][]byte
}

func (c *pageCache) Get(u string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[u]
	if !ok {
		return nil, errors.New("miss")
	}
	return p, nil
}

func (c *pageCache) Head(u string) bool {
	_, err := c.Get(u)
	return err == nil
}

// fetcher is an interface with the same method names as http.Client.
type fetcher interface {
	Get(u string) ([]byte, error)
	Head(u string) bool
}

// Doer is satisfied by *http.Client, but its static type is not.
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
	Get(u string) (*http.Response, error)
}

// Crawler uses only look-alikes.
type Crawler struct {
	cache  *pageCache
	remote Doer
}

// Page reads through the cache, then through an interface value.
func (c *Crawler) Page(ctx context.Context, u string) ([]byte, error) {
	if p, err := c.cache.Get(u); err == nil {
		return p, nil
	}
	resp, err := c.remote.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return nil, errors.New(resp.Header.Get("X-Error"))
}

// warm: the parameter named http shadows the net/http package.
func warm(ctx context.Context, http fetcher, urls []string) int {
	n := 0
	for _, u := range urls {
		if http.Head(u) {
			n++
			continue
		}
		if _, err := http.Get(u); err == nil {
			n++
		}
	}
	return n
}

// query uses Get methods of url.Values, http.Header and sync.Pool.
func query(r *http.Request, pool *sync.Pool) (string, string, any) {
	v := url.Values{"q": {"go"}}
	return v.Get("q") + r.URL.Query().Get("page"), r.Header.Get("Accept"), pool.Get()
}

// serve only wires handlers; none of these calls is a request.
func serve(addr string, h http.Handler) error {
	mux := http.NewServeMux()
	mux.Handle("/", h)
	mux.HandleFunc("/ping", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		http.Redirect(w, r, "/pong", http.StatusFound)
	})
	return http.ListenAndServe(addr, mux)
}

// roundTrip uses a transport directly with a ctx-aware request.
func roundTrip(ctx context.Context, rt http.RoundTripper, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return rt.RoundTrip(req.WithContext(ctx))
}

// hint mentions http.Get(url) in a string and comment only: http.NewRequest(...).
const hint = "prefer http.NewRequestWithContext over http.Get(url)"
