// Package allowlist configures allow-types-before in .ctx-ls.toml.
package allowlist

import (
	"context"
	"log"
	"testing"
)

type Options struct{ Verbose bool }

func WithLogger(l *log.Logger, ctx context.Context) { _, _ = l, ctx }

func WithOptions(opts Options, l *log.Logger, ctx context.Context) { _, _, _ = opts, l, ctx }

func WithT(t *testing.T, ctx context.Context) { _, _ = t, ctx }

// *testing.B is not in this module's list.
func WithB(b *testing.B, ctx context.Context) { _, _ = b, ctx } // want "context-first-param: comes after b \*testing.B"

// Options by pointer is not Options.
func WithOptionsPtr(opts *Options, ctx context.Context) { _, _ = opts, ctx } // want "context-first-param"

// A slice of *log.Logger is not *log.Logger.
func WithLoggers(ls []*log.Logger, ctx context.Context) { _, _ = ls, ctx } // want "context-first-param"
