package httpnocontext

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// getJSON is a test helper with a ctx parameter.
func getJSON(ctx context.Context, t *testing.T, u string, v any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil) // want "http-no-context"
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestGetUserCtx(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"id":1,"name":"ada"}`)
	}))
	defer srv.Close()
	c := NewAPIClient(srv.URL, "token")
	u, err := c.GetUserCtx(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	var raw User
	getJSON(t.Context(), t, srv.URL, &raw)
	if u.Name != raw.Name {
		t.Errorf("got %q, want %q", u.Name, raw.Name)
	}
}

func TestProxyForward(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	defer up.Close()
	p := &Proxy{upstream: up.URL, client: up.Client()}
	req := httptest.NewRequest(http.MethodGet, "/x", nil)
	rec := httptest.NewRecorder()
	p.Forward(rec, req)
	if rec.Code != http.StatusTeapot {
		t.Errorf("code = %d", rec.Code)
	}
}

func TestStatusRaw(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "http://example.invalid/", nil) // want "http-no-context"
	if err != nil {
		t.Fatal(err)
	}
	if req.Context() == nil {
		t.Fatal("nil context")
	}
}
