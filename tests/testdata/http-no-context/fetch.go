package httpnocontext

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// DownloadConfig ignores ctx: http.Get cannot be cancelled.
func DownloadConfig(ctx context.Context, u string) ([]byte, error) {
	resp, err := http.Get(u) // want "http-no-context"
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Exists has no ctx; http.Head is flagged anyway.
func Exists(u string) (bool, error) {
	resp, err := http.Head(u) // want "http-no-context"
	if err != nil {
		return false, err
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK, nil
}

// PublishEvent posts JSON.
func PublishEvent(ctx context.Context, u string, payload []byte) error {
	resp, err := http.Post(u, "application/json", bytes.NewReader(payload)) // want "http-no-context"
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Subscribe posts a form.
func Subscribe(u, email string) error {
	resp, err := http.PostForm(u, url.Values{"email": {email}}) // want "http-no-context"
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Ping uses http.DefaultClient.
func Ping(u string) error {
	resp, err := http.DefaultClient.Get(u) // want "http-no-context"
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Probe takes the client as a parameter.
func Probe(client *http.Client, u string) (int, error) {
	resp, err := client.Head(u) // want "http-no-context"
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// NewUploadRequest has no ctx: the fix would need context.TODO() (unsafe).
func NewUploadRequest(u string, body io.Reader) (*http.Request, error) {
	return http.NewRequest(http.MethodPost, u, body) // want "http-no-context"
}

// UploadWithRetry uses a client built in place.
func UploadWithRetry(ctx context.Context, u string, body []byte) error {
	client := &http.Client{Timeout: 30 * time.Second}
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := client.Post(u, "application/octet-stream", bytes.NewReader(body)) // want "http-no-context"
		if err != nil {
			last = err
			continue
		}
		resp.Body.Close()
		if resp.StatusCode < 500 {
			return nil
		}
		last = fmt.Errorf("upload: %s", resp.Status)
	}
	return last
}

// Notify uses a client value, not a pointer.
func Notify(u string, form url.Values) error {
	var client http.Client
	resp, err := client.PostForm(u, form) // want "http-no-context"
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// 下载 has non-ASCII identifiers before the finding.
func 下载(ctx context.Context, 地址 string) ([]byte, error) {
	响应, err := http.Get(地址) // want "http-no-context"
	if err != nil {
		return nil, err
	}
	defer 响应.Body.Close()
	return io.ReadAll(响应.Body)
}

// 构造 has an emoji comment before the finding.
func 构造(ctx context.Context, 地址 string) (*http.Request, error) {
	/* 📦 上传 */ return http.NewRequest(http.MethodPost, 地址, nil) // want "http-no-context"
}

// Send does it right: ctx-aware request and Do.
func Send(ctx context.Context, client *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
