package contextreset

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// Handler serves the Service over HTTP.
type Handler struct {
	svc *Service
}

// ServeHTTP has only r: ctx is available as r.Context().
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	v, err := h.svc.Get(context.Background(), key) // want "context-reset"
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	_, _ = io.WriteString(w, v)
}

// Health uses r.Context() and is fine.
func (h *Handler) Health(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.store.Flush(r.Context()); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Put derives ctx from r.Context(); the fix prefers ctx.
func (h *Handler) Put(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	var body struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := h.svc.Put(context.TODO(), body.Key, body.Value); err != nil { // want "context-reset"
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_ = h.svc.store.Flush(ctx)
}

// Batch resets the context inside a literal of a handler.
func (h *Handler) Batch(w http.ResponseWriter, r *http.Request) {
	load := func(k string) (string, error) {
		return h.svc.Get(context.TODO(), k) // want "context-reset"
	}
	out := map[string]string{}
	for _, k := range r.URL.Query()["key"] {
		v, err := load(k)
		if err != nil {
			continue
		}
		out[k] = v
	}
	_ = json.NewEncoder(w).Encode(out)
}

// Routes has no ctx, but its handler literal has r.
func (h *Handler) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/", h)
	mux.HandleFunc("/health", h.Health)
	mux.HandleFunc("/delete", func(w http.ResponseWriter, r *http.Request) {
		if err := h.svc.Put(context.Background(), r.FormValue("key"), ""); err != nil { // want "context-reset"
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	return mux
}

// writeStats has a ResponseWriter but no request: no ctx available.
func (h *Handler) writeStats(w http.ResponseWriter) {
	n, err := h.svc.store.Load(context.Background(), "count")
	if err != nil {
		n = "0"
	}
	_, _ = io.WriteString(w, n)
}

// Stats calls writeStats.
func (h *Handler) Stats(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h.writeStats(w) // want "context-not-passed: stops at h.writeStats: it takes no context"
}
