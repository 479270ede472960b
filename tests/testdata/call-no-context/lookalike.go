package callnocontext

import (
	"context"
	"os/exec"
)

// Shell has a Command method: not the os/exec function.
type Shell struct{ prefix []string }

// Command builds a command line.
func (s Shell) Command(name string, args ...string) []string {
	return append(append(append([]string{}, s.prefix...), name), args...)
}

// Dial is a method named like net.Dial.
func (s Shell) Dial(network, address string) string { return network + "://" + address }

// Handshake is a method named like tls.Conn.Handshake.
func (s Shell) Handshake() error { return nil }

// Run calls look-alikes only.
func (s Shell) Run(ctx context.Context) ([]string, string, error) {
	line := s.Command("ls", "-l")
	addr := s.Dial("tcp", "example.com:80")
	return line, addr, s.Handshake()
}

// Shadowed: exec is a local Shell here, not the package.
func Shadowed(ctx context.Context) []string {
	exec := Shell{prefix: []string{"sudo"}}
	return exec.Command("id")
}

// Unknown: the type of h cannot be seen, so Handshake is left alone.
func Unknown(ctx context.Context, h interface{ Handshake() error }) error {
	return h.Handshake()
}

// keep os/exec used in this file.
var _ = exec.ErrNotFound
