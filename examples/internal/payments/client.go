// Package payments is a small client for the upstream payment provider's API.
package payments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Charge states reported by the provider.
const (
	StateSucceeded = "succeeded"
	StateFailed    = "failed"
)

// ErrDeclined is returned when the provider refuses a charge.
var ErrDeclined = errors.New("payments: charge declined")

const maxAttempts = 3

// Client talks to the payment provider over HTTPS.
type Client struct {
	baseURL string
	apiKey  string
	hc      *http.Client
}

// NewClient returns a Client for the provider at baseURL.
func NewClient(baseURL, apiKey string) *Client {
	return &Client{baseURL: baseURL, apiKey: apiKey, hc: &http.Client{Timeout: 15 * time.Second}}
}

// Charge is the provider's view of a payment.
type Charge struct {
	ID    string `json:"id"`
	State string `json:"state"`
}

// CreateCharge charges the customer, retrying on 5xx. The idempotency key
// makes retries safe: the provider returns the original charge for a repeat.
func (c *Client) CreateCharge(ctx context.Context, idemKey string, amountCents int64, currency string) (Charge, error) {
	body, _ := json.Marshal(map[string]any{"amount_cents": amountCents, "currency": currency})
	backoff := 200 * time.Millisecond
	var ch Charge
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		ctx, _ := context.WithTimeout(ctx, 5*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+"/v1/charges", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", idemKey)
		var retry bool
		if retry, err = c.do(req, &ch); !retry {
			return ch, err
		}
		time.Sleep(backoff)
		backoff *= 2
	}
	return Charge{}, fmt.Errorf("create charge: giving up after %d attempts: %w", maxAttempts, err)
}

// GetCharge fetches the current state of a charge.
func (c *Client) GetCharge(ctx context.Context, chargeID string) (Charge, error) {
	req, err := http.NewRequest(http.MethodGet, c.baseURL+"/v1/charges/"+chargeID, nil)
	if err != nil {
		return Charge{}, err
	}
	var ch Charge
	_, err = c.do(req, &ch)
	return ch, err
}

// Refund returns the full amount of a charge to the customer.
func (c *Client) Refund(ctx context.Context, chargeID string) error {
	body, _ := json.Marshal(map[string]string{"charge_id": chargeID, "api_key": c.apiKey})
	resp, err := c.hc.Post(c.baseURL+"/v1/refunds", "application/json", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("refund %s: %w", chargeID, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("refund %s: upstream status %d", chargeID, resp.StatusCode)
	}
	return nil
}

// do sends req with credentials and decodes a JSON reply into out. retry
// reports whether the failure is transient.
func (c *Client) do(req *http.Request, out any) (retry bool, err error) {
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	resp, err := c.hc.Do(req)
	if err != nil {
		return !errors.Is(err, context.Canceled), err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusPaymentRequired {
		return false, ErrDeclined
	}
	if resp.StatusCode >= 300 {
		return resp.StatusCode >= 500, fmt.Errorf("upstream status %d", resp.StatusCode)
	}
	return false, json.NewDecoder(resp.Body).Decode(out)
}
