package httpnocontext

import (
	"io"
	"net/http"
	"net/url"
)

// Proxy forwards requests to an upstream.
type Proxy struct {
	upstream string
	client   *http.Client
}

// ServeHTTP: ctx is available as r.Context().
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	out, err := http.NewRequest(r.Method, p.upstream+r.URL.Path, r.Body) // want "http-no-context"
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	resp, err := p.client.Do(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// Forward is the correct form.
func (p *Proxy) Forward(w http.ResponseWriter, r *http.Request) {
	out, err := http.NewRequestWithContext(r.Context(), r.Method, p.upstream+r.URL.Path, r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if auth := r.Header.Get("Authorization"); auth != "" {
		out.Header.Set("Authorization", auth)
	}
	resp, err := p.client.Do(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(w, resp.Body)
}

// Mux registers handler literals.
func (p *Proxy) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/", p)
	mux.HandleFunc("/avatar", func(w http.ResponseWriter, r *http.Request) {
		resp, err := p.client.Get(p.upstream + "/avatar?u=" + url.QueryEscape(r.URL.Query().Get("u"))) // want "http-no-context"
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		_, _ = io.Copy(w, resp.Body)
	})
	mux.HandleFunc("/thumb", func(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequest(http.MethodGet, p.upstream+"/thumb", nil) // want "http-no-context"
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.URL.RawQuery = r.URL.RawQuery
		resp, err := p.client.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		_, _ = io.Copy(w, resp.Body)
	})
	return mux
}
