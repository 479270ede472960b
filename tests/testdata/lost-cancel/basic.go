// Package lostcancel holds fixtures for the lost-cancel rule (CTX101).
//
// basic.go: the cancel function is discarded with "_", plus the common ways
// of using it correctly.
package lostcancel

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// Quote is a price returned by the pricing backend.
type Quote struct {
	Symbol string
	Cents  int64
}

// PricingClient talks to the pricing backend over HTTP.
type PricingClient struct {
	http    *http.Client
	baseURL string
	timeout time.Duration

	mu      sync.Mutex
	pending []context.CancelFunc
}

func (c *PricingClient) get(ctx context.Context, symbol string) (Quote, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/quote/"+symbol, nil)
	if err != nil {
		return Quote{}, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return Quote{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Quote{}, errors.New("pricing: " + resp.Status)
	}
	return Quote{Symbol: symbol}, nil
}

// --- positives: the cancel function is thrown away ---

// Quote fetches one price with a per-call timeout.
func (c *PricingClient) Quote(ctx context.Context, symbol string) (Quote, error) {
	callCtx, _ := context.WithTimeout(ctx, c.timeout) // want "lost-cancel"
	return c.get(callCtx, symbol)
}

// Watch streams prices until the caller goes away.
func (c *PricingClient) Watch(ctx context.Context, symbols []string, out chan<- Quote) {
	watchCtx, _ := context.WithCancel(ctx) // want "lost-cancel"
	for _, s := range symbols {
		q, err := c.get(watchCtx, s)
		if err != nil {
			continue
		}
		out <- q
	}
}

// QuoteBefore fetches a price that must arrive before the market closes.
func (c *PricingClient) QuoteBefore(ctx context.Context, symbol string, closeAt time.Time) (Quote, error) {
	dl, _ := context.WithDeadline(ctx, closeAt) // want "lost-cancel"
	return c.get(dl, symbol)
}

// errFeedStopped is the cause recorded when a feed is stopped by an operator.
var errFeedStopped = errors.New("feed stopped by operator")

// Feed opens a price feed whose cancellation carries a cause.
func (c *PricingClient) Feed(ctx context.Context, symbol string) error {
	feedCtx, _ := context.WithCancelCause(ctx) // want "lost-cancel"
	_, err := c.get(feedCtx, symbol)
	return err
}

// QuoteWithCause uses a timeout that reports why it fired.
func (c *PricingClient) QuoteWithCause(ctx context.Context, symbol string) (Quote, error) {
	slow, _ := context.WithTimeoutCause(ctx, c.timeout, errors.New("pricing backend too slow")) // want "lost-cancel"
	return c.get(slow, symbol)
}

// SettleBy fetches a price needed before a settlement deadline.
func (c *PricingClient) SettleBy(ctx context.Context, symbol string, at time.Time) (Quote, error) {
	settle, _ := context.WithDeadlineCause(ctx, at, errors.New("settlement window closed")) // want "lost-cancel"
	return c.get(settle, symbol)
}

// Prefetch warms the cache for the most traded symbols.
func (c *PricingClient) Prefetch(ctx context.Context, symbols []string) int {
	var warm, _ = context.WithTimeout(ctx, 5*time.Second) // want "lost-cancel"
	n := 0
	for _, s := range symbols {
		if _, err := c.get(warm, s); err == nil {
			n++
		}
	}
	return n
}

// Refresh re-reads a quote, reusing the ctx variable with a plain assignment.
func (c *PricingClient) Refresh(ctx context.Context, symbol string) (Quote, error) {
	ctx, _ = context.WithTimeout(ctx, c.timeout) // want "lost-cancel"
	return c.get(ctx, symbol)
}

// QuoteIfOpen nests the discarded cancel one block deeper.
func (c *PricingClient) QuoteIfOpen(ctx context.Context, symbol string, open bool) (Quote, error) {
	if open {
		quick, _ := context.WithTimeout(ctx, time.Second) // want "lost-cancel"
		return c.get(quick, symbol)
	}
	return Quote{}, errors.New("market closed")
}

// --- negatives: the cancel function is used ---

// QuoteDeferred is the idiomatic form.
func (c *PricingClient) QuoteDeferred(ctx context.Context, symbol string) (Quote, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	return c.get(ctx, symbol)
}

// QuoteExplicit calls cancel on every path by hand.
func (c *PricingClient) QuoteExplicit(ctx context.Context, symbol string) (Quote, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	q, err := c.get(ctx, symbol)
	if err != nil {
		cancel()
		return Quote{}, err
	}
	cancel()
	return q, nil
}

// Track registers the cancel function so Close can stop everything.
func (c *PricingClient) Track(ctx context.Context) context.Context {
	ctx, stop := context.WithCancel(ctx)
	c.remember(stop)
	return ctx
}

func (c *PricingClient) remember(stop context.CancelFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, stop)
}

// TrackInline appends the cancel function directly.
func (c *PricingClient) TrackInline(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	c.mu.Lock()
	c.pending = append(c.pending, cancel)
	c.mu.Unlock()
	return ctx
}

// QuoteAfter cancels the call from a timer callback.
func (c *PricingClient) QuoteAfter(ctx context.Context, symbol string, d time.Duration) (Quote, error) {
	ctx, cancel := context.WithCancel(ctx)
	t := time.AfterFunc(d, cancel)
	defer t.Stop()
	return c.get(ctx, symbol)
}

// FeedDeferredCause defers the cause-carrying cancel.
func (c *PricingClient) FeedDeferredCause(ctx context.Context, symbol string) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(errFeedStopped)
	_, err := c.get(ctx, symbol)
	return err
}

// Close stops every tracked request.
func (c *PricingClient) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, stop := range c.pending {
		stop()
	}
	c.pending = nil
}

// Other context helpers return no cancel function and are never flagged.
func (c *PricingClient) Detached(ctx context.Context, symbol string) func() bool {
	bg := context.WithoutCancel(ctx)
	tagged := context.WithValue(bg, quoteKey{}, symbol)
	return context.AfterFunc(tagged, func() {})
}

// AuditAsync discards the stop function of AfterFunc, which is not a cancel function.
func (c *PricingClient) AuditAsync(ctx context.Context, record func()) {
	_ = context.AfterFunc(ctx, record)
}

type quoteKey struct{}
