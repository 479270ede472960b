// crlf.go: this file uses CRLF line endings on purpose; keep it byte-exact
// (see .gitattributes). Columns and lines must not be thrown off by "\r".
package lostcancel

import (
	"context"
	"time"
)

// Notifier sends e-mail notifications.
type Notifier struct {
	timeout time.Duration
	sent    int
}

func (n *Notifier) deliver(ctx context.Context, to string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n.sent++
	return nil
}

// Notify discards the cancel function.
func (n *Notifier) Notify(ctx context.Context, to string) error {
	sendCtx, _ := context.WithTimeout(ctx, n.timeout) // want "lost-cancel"
	return n.deliver(sendCtx, to)
}

// NotifySafely defers it.
func (n *Notifier) NotifySafely(ctx context.Context, to string) error {
	sendCtx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	return n.deliver(sendCtx, to)
}
