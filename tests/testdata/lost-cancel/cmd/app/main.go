// Command app: returning from main.main ends the process, so a cancel that
// is not used on every path is not reported there. A discarded cancel is
// still reported, and other functions of package main get no exemption.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"
)

type app struct {
	addr string
}

func (a *app) serve(ctx context.Context) error {
	<-ctx.Done()
	return nil
}

func main() {
	// negative: not used on all paths, but this is main.main.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: app ADDR")
		return
	}

	// positive: a discarded cancel is reported even in main.main.
	sigCtx, _ := context.WithCancel(ctx) // want "lost-cancel"
	sigCtx, stop := signal.NotifyContext(sigCtx, os.Interrupt)
	defer stop()

	// positive: a literal inside main.main gets no exemption.
	warmup := func() error {
		wctx, wcancel := context.WithTimeout(sigCtx, time.Second) // want "lost-cancel"
		if os.Getenv("SKIP_WARMUP") != "" {
			return nil
		}
		defer wcancel()
		return (&app{}).serve(wctx)
	}
	if err := warmup(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}

	a := &app{addr: os.Args[1]}
	if err := a.main(sigCtx); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	cancel()
}

// main is a method, not main.main: no exemption.
func (a *app) main(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	if a.addr == "" {
		return fmt.Errorf("no address")
	}
	defer cancel()
	return a.serve(ctx)
}

// run is an ordinary function of package main: no exemption.
func run(parent context.Context, a *app) error {
	ctx, cancel := context.WithTimeout(parent, time.Minute) // want "lost-cancel"
	if err := a.serve(ctx); err != nil {
		return err
	}
	cancel()
	return nil
}
