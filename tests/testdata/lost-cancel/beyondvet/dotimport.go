// Package beyondvet holds cases where ctx-ls reports more than go vet:
// go vet's lostcancel only recognises context.X selectors, so with a dot
// import it reports nothing in this package. ctx-ls recognises the
// unqualified WithCancel, WithTimeout, ... of a dot-imported "context".
package beyondvet

import (
	. "context"
	"errors"
	"time"
)

// Mailer delivers messages through a relay.
type Mailer struct {
	relay   string
	timeout time.Duration
}

var errNoRecipient = errors.New("no recipient")

func (m *Mailer) deliver(ctx Context, to string) error {
	if to == "" {
		return errNoRecipient
	}
	return ctx.Err()
}

// --- positives (ctx-ls only) ---

// Send discards the cancel function of a dot-imported WithTimeout.
func (m *Mailer) Send(ctx Context, to string) error {
	sendCtx, _ := WithTimeout(ctx, m.timeout) // want "lost-cancel"
	return m.deliver(sendCtx, to)
}

// SendAll returns early without cancelling.
func (m *Mailer) SendAll(ctx Context, to []string) error {
	batch, cancel := WithCancel(ctx) // want "lost-cancel"
	if len(to) == 0 {
		return errNoRecipient
	}
	defer cancel()
	for _, addr := range to {
		if err := m.deliver(batch, addr); err != nil {
			return err
		}
	}
	return nil
}

// SendBy discards a dot-imported WithDeadlineCause.
func (m *Mailer) SendBy(ctx Context, to string, at time.Time) error {
	dl, _ := WithDeadlineCause(ctx, at, errors.New("relay window closed")) // want "lost-cancel"
	return m.deliver(dl, to)
}

// --- negatives ---

// SendDeferred defers the dot-imported cancel.
func (m *Mailer) SendDeferred(ctx Context, to string) error {
	sendCtx, cancel := WithTimeout(ctx, m.timeout)
	defer cancel()
	return m.deliver(sendCtx, to)
}

// Detach uses dot-imported helpers that return no cancel function.
func (m *Mailer) Detach(ctx Context) Context {
	return WithValue(WithoutCancel(ctx), relayKey{}, m.relay)
}

type relayKey struct{}
