//ctxls:file-ignore http-no-context

package suppression

import (
	"context"
	"io"
	"net/http"
	"time"
)

// Legacy still uses context-less requests; the file ignores http-no-context only.
func (p *Poller) Legacy(ctx context.Context) ([]byte, error) {
	resp, err := http.Get(p.url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	req, err := http.NewRequest(http.MethodHead, p.url, nil)
	if err != nil {
		return nil, err
	}
	head, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	head.Body.Close()

	time.Sleep(p.interval) // want "sleep-no-context"

	if err := p.record(context.Background(), time.Now()); err != nil { // want "context-reset"
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// LegacyPing has no ctx; http.Head would be flagged without the file directive.
func LegacyPing(url string) error {
	resp, err := http.Head(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
