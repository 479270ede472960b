package httpnocontext

import (
	"context"
	"errors"
	nethttp "net/http"
)

// fetchAliased: the alias is still net/http.
func fetchAliased(ctx context.Context, u string) (*nethttp.Response, error) {
	req, err := nethttp.NewRequest(nethttp.MethodGet, u, nil) // want "http-no-context"
	if err != nil {
		return nil, err
	}
	return nethttp.DefaultClient.Do(req)
}

// headAliased has no ctx.
func headAliased(u string) (int, error) {
	resp, err := nethttp.Head(u) // want "http-no-context"
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// postAliased uses the aliased default client.
func postAliased(u string) error {
	resp, err := nethttp.DefaultClient.Post(u, "text/plain", nil) // want "http-no-context"
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// fetchAliasedCtx is fine.
func fetchAliasedCtx(ctx context.Context, u string) (*nethttp.Response, error) {
	req, err := nethttp.NewRequestWithContext(ctx, nethttp.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return nethttp.DefaultClient.Do(req)
}

// mockTransport answers from memory.
type mockTransport struct {
	pages map[string]string
}

func (m *mockTransport) Get(u string) (string, error) {
	p, ok := m.pages[u]
	if !ok {
		return "", errors.New("no page")
	}
	return p, nil
}

func (m *mockTransport) Post(u, body string) error {
	m.pages[u] = body
	return nil
}

// pollMock: in this file "http" is not the net/http package, only a local.
func pollMock(ctx context.Context, u string) error {
	http := &mockTransport{pages: map[string]string{u: "ok"}}
	body, err := http.Get(u)
	if err != nil {
		return err
	}
	return http.Post(u+"/ack", body)
}
