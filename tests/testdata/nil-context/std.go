// Package nilcontext exercises nil-context.
package nilcontext

import (
	"context"
	"crypto/tls"
	"database/sql"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"time"
)

type key struct{}

// --- positives ---

func derive() {
	ctx, cancel := context.WithCancel(nil) // want "nil-context: nil passed as the context of context.WithCancel"
	defer cancel()
	tctx, tcancel := context.WithTimeout(nil, time.Second) // want "nil-context"
	defer tcancel()
	dctx, dcancel := context.WithDeadline(nil, time.Now()) // want "nil-context"
	defer dcancel()
	vctx := context.WithValue(nil, key{}, 1) // want "nil-context"

	wctx := context.WithoutCancel(nil) // want "nil-context"

	stop := context.AfterFunc(nil, func() {}) // want "nil-context"

	_ = context.Cause(nil) // want "nil-context"
	_, _, _, _, _, _ = ctx, tctx, dctx, vctx, wctx, stop
}

func requests(db *sql.DB, url string) error {
	req, err := http.NewRequestWithContext(nil, http.MethodGet, url, nil) // want "nil-context: context of http.NewRequestWithContext"
	if err != nil {
		return err
	}
	_ = req
	cmd := exec.CommandContext(nil, "true") // want "nil-context"
	_ = cmd
	sctx, stop := signal.NotifyContext(nil, os.Interrupt) // want "nil-context"
	defer stop()
	_ = sctx
	rows, err := db.QueryContext(nil, "SELECT 1") // want "nil-context: context of db.QueryContext"
	if err != nil {
		return err
	}
	defer rows.Close()
	tx, err := db.BeginTx(nil, nil) // want "nil-context"
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(nil, "DELETE FROM t") // want "nil-context"
	return err
}

func network(addr string, conn *tls.Conn) error {
	c, err := (&net.Dialer{Timeout: time.Second}).DialContext(nil, "tcp", addr) // want "nil-context: context of DialContext"
	if err != nil {
		return err
	}
	defer c.Close()
	var lc net.ListenConfig
	l, err := lc.Listen(nil, "tcp", addr) // want "nil-context: context of lc.Listen"
	if err != nil {
		return err
	}
	defer l.Close()
	if _, err := net.DefaultResolver.LookupHost(nil, "example.com"); err != nil { // want "nil-context: context of LookupHost"
		return err
	}
	return conn.HandshakeContext(nil) // want "nil-context"
}

// --- negatives ---

func fine(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tx, err := db.BeginTx(ctx, nil) // nil options, not a nil context
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, "SELECT 1", nil) // nil as a later argument
	if err != nil {
		return err
	}
	vctx := context.WithValue(ctx, key{}, nil)
	cmd := exec.CommandContext(vctx, "true")
	_ = cmd
	return tx.Commit()
}

// fakeDB has context-like method names whose first parameter is not a context.
type fakeDB struct{}

func (fakeDB) QueryContext(args []any, query string) error { _, _ = args, query; return nil }

func (fakeDB) PingContext(opts *sql.TxOptions) error { _ = opts; return nil }

func fakes(ctx context.Context) error {
	var db fakeDB
	if err := db.QueryContext(nil, "SELECT 1"); err != nil {
		return err
	}
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_ = tctx
	return db.PingContext(nil)
}

// A receiver whose type syntax cannot see: left alone.
func unknown(open func() *sql.DB) error {
	return open().PingContext(nil)
}

// A Listen method on another type.
type listener struct{}

func (listener) Listen(opts *net.ListenConfig, addr string) error { _, _ = opts, addr; return nil }

func lookalike() error {
	var l listener
	return l.Listen(nil, ":0")
}

// exec is shadowed by a local with a CommandContext method.
type runner struct{}

func (runner) CommandContext(env []string, name string) string { _ = env; return name }

func shadowed() string {
	exec := runner{}
	return exec.CommandContext(nil, "true")
}
