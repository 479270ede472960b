// results.go: cancel functions that are returned, stored, sent or kept in
// named results, and the places where that still leaks.
package lostcancel

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"
)

// Session is a live connection bound to a context.
type Session struct {
	conn   net.Conn
	ctx    context.Context // want "context-in-struct"
	cancel context.CancelFunc
	stop   func()
}

// Gateway manages sessions to upstream servers.
type Gateway struct {
	dialer   net.Dialer
	leaseTTL time.Duration
	closed   bool

	mu       sync.Mutex
	inflight map[string]context.CancelFunc
	reaper   chan context.CancelFunc
	cancel   context.CancelFunc
}

var errGatewayClosed = errors.New("gateway closed")

// shutdownAll is cancelled when the process begins shutting down.
var shutdownAll context.CancelFunc

// --- negatives ---

// Lease returns the cancel function to the caller.
func (g *Gateway) Lease(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, g.leaseTTL)
	return ctx, cancel
}

// LeaseNamed uses named results and naked returns, which count as uses.
func (g *Gateway) LeaseNamed(parent context.Context) (ctx context.Context, cancel context.CancelFunc, err error) {
	ctx, cancel = context.WithTimeout(parent, g.leaseTTL)
	if g.closed {
		err = errGatewayClosed
		return
	}
	return
}

// LeaseWrapped returns a closure around cancel.
func (g *Gateway) LeaseWrapped(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	g.mu.Lock()
	defer g.mu.Unlock()
	return ctx, func() {
		cancel()
		g.mu.Lock()
		g.mu.Unlock()
	}
}

// Open keeps the cancel function in the session.
func (g *Gateway) Open(parent context.Context, addr string) (*Session, error) {
	ctx, cancel := context.WithCancel(parent)
	conn, err := g.dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		cancel()
		return nil, err
	}
	return &Session{conn: conn, ctx: ctx, cancel: cancel}, nil
}

// Attach assigns the cancel function to a field directly.
func (s *Session) Attach(parent context.Context) {
	s.ctx, s.cancel = context.WithCancel(parent)
}

// AttachLater stores a local cancel into a field.
func (s *Session) AttachLater(parent context.Context, d time.Duration) {
	ctx, cancel := context.WithTimeout(parent, d)
	s.ctx = ctx
	s.cancel = cancel
}

// Start assigns the gateway-wide cancel through the receiver.
func (g *Gateway) Start(parent context.Context) context.Context {
	ctx, c := context.WithCancel(parent)
	g.cancel = c
	return ctx
}

// Root assigns straight to a package-level variable.
func Root() context.Context {
	var ctx context.Context
	ctx, shutdownAll = context.WithCancel(context.Background())
	return ctx
}

// Begin indexes the cancel function by request id.
func (g *Gateway) Begin(parent context.Context, id string) context.Context {
	ctx, cancel := context.WithTimeout(parent, g.leaseTTL)
	g.mu.Lock()
	g.inflight[id] = cancel
	g.mu.Unlock()
	return ctx
}

// Handover sends the cancel function to the reaper goroutine.
func (g *Gateway) Handover(parent context.Context) context.Context {
	ctx, cancel := context.WithTimeout(parent, g.leaseTTL)
	g.reaper <- cancel
	return ctx
}

// OpenStopper keeps a cause-carrying cancel behind a plain func.
func (g *Gateway) OpenStopper(parent context.Context, addr string) (*Session, error) {
	ctx, cancel := context.WithCancelCause(parent)
	conn, err := g.dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		cancel(err)
		return nil, err
	}
	return &Session{conn: conn, ctx: ctx, stop: func() { cancel(errGatewayClosed) }}, nil
}

// --- positives ---

// Connect returns the cancel function only on success.
func (g *Gateway) Connect(parent context.Context, addr string) (*Session, error) {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	conn, err := g.dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Session{conn: conn, ctx: ctx, cancel: cancel}, nil
}

// LeaseChecked has named results but an explicit return that drops cancel.
func (g *Gateway) LeaseChecked(parent context.Context) (ctx context.Context, cancel context.CancelFunc, err error) {
	ctx, cancel = context.WithTimeout(parent, g.leaseTTL) // want "lost-cancel"
	if g.closed {
		return nil, nil, errGatewayClosed
	}
	return ctx, cancel, nil
}

// Reconnect reuses a cancel variable declared earlier with var.
func (g *Gateway) Reconnect(parent context.Context, addr string) (net.Conn, error) {
	var ctx context.Context
	var cancel context.CancelFunc
	ctx, cancel = context.WithTimeout(parent, g.leaseTTL) // want "lost-cancel"
	conn, err := g.dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	cancel()
	return conn, nil
}

// Ping discards the cancel function of a short dial timeout.
func (g *Gateway) Ping(parent context.Context, addr string) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "lost-cancel"
	conn, err := g.dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	return conn.Close()
}
