package testcontext

import (
	"context"
	"testing"
	"time"
)

// Server is a stand-in for something a test starts.
type Server struct{ stopped bool }

// Start runs until ctx ends.
func Start(ctx context.Context) *Server {
	s := &Server{}
	context.AfterFunc(ctx, func() { s.stopped = true })
	return s
}

// Ping checks the server.
func (s *Server) Ping(ctx context.Context) error { return ctx.Err() }

// Shutdown stops the server.
func (s *Server) Shutdown(ctx context.Context) error { return ctx.Err() }

// NewServer is a helper in a non-test file: tb is its first parameter.
func NewServer(tb testing.TB) *Server {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	tb.Cleanup(cancel)
	return Start(ctx)
}

// Detached returns a context to its caller: the fix is unsafe.
func Detached(tb testing.TB) context.Context {
	return context.Background()
}

// Unnamed testing parameter: nothing to write.
func Unnamed(_ *testing.T) *Server {
	return Start(context.Background())
}

// Root: no testing parameter.
func Root() *Server {
	return Start(context.Background())
}
