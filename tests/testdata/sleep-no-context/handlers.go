package sleepnocontext

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// API exposes the Worker over HTTP; ctx is r.Context().
type API struct {
	w     *Worker
	delay time.Duration
}

func (a *API) try(ctx context.Context) error {
	if a.w == nil {
		return errors.New("no worker")
	}
	_, err := a.w.queue.Next(ctx)
	return err
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("slow") != "" {
		time.Sleep(a.delay) // want "sleep-no-context"
	}
	w.WriteHeader(http.StatusOK)
}

// Routes registers a literal handler.
func (a *API) Routes(mux *http.ServeMux) {
	mux.Handle("/", a)
	mux.HandleFunc("/retry", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 3; i++ {
			if a.try(r.Context()) == nil {
				return
			}
			time.Sleep(a.delay) // want "sleep-no-context"
		}
		http.Error(w, "gave up", http.StatusServiceUnavailable)
	})
}

// Warmup sleeps in a literal returning error, with ctx from r.
func (a *API) Warmup(w http.ResponseWriter, r *http.Request) {
	step := func() error {
		time.Sleep(a.delay) // want "sleep-no-context"
		return a.try(r.Context())
	}
	if err := step(); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	}
}

// Pace waits correctly.
func (a *API) Pace(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
		return
	case <-time.After(a.delay):
	}
	w.WriteHeader(http.StatusNoContent)
}

// writeBanner has no request: no ctx available.
func writeBanner(w http.ResponseWriter, d time.Duration) {
	time.Sleep(d)
	_, _ = w.Write([]byte("ready"))
}
