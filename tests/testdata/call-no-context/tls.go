package callnocontext

import (
	"context"
	"crypto/tls"
	"net"
)

// Secure wraps a TLS connection.
type Secure struct {
	conn *tls.Conn
	cfg  *tls.Config
}

// Handshake on a struct field of type *tls.Conn.
func (s *Secure) Handshake(ctx context.Context) error {
	return s.conn.Handshake() // want "call-no-context: tls.Conn.Handshake .*HandshakeContext"
}

// Wrap: the result of tls.Client is a *tls.Conn.
func (s *Secure) Wrap(ctx context.Context, raw net.Conn) (*tls.Conn, error) {
	conn := tls.Client(raw, s.cfg)
	if err := conn.Handshake(); err != nil { // want "call-no-context"
		return nil, err
	}
	return conn, nil
}

// Param of type *tls.Conn.
func Param(ctx context.Context, c *tls.Conn) error {
	return c.Handshake() // want "call-no-context"
}

// Dial: tls.Dial has no exact rewrite (DialContext returns a net.Conn).
func (s *Secure) Dial(ctx context.Context, addr string) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, s.cfg) // want "call-no-context: tls.Dial .*tls.Dialer"
}

// Fine: HandshakeContext; and no ctx in Accept.
func (s *Secure) Good(ctx context.Context) error {
	return s.conn.HandshakeContext(ctx)
}

// Accept has no context at hand.
func Accept(raw net.Conn, cfg *tls.Config) error {
	return tls.Server(raw, cfg).Handshake()
}
