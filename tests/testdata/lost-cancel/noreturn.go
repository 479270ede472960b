// noreturn.go: paths that end in a call that never returns (panic,
// os.Exit, log.Fatalf, log.Panicf, runtime.Goexit) or in a loop or select
// that never finishes do not leak. Calls that merely look fatal do.
package lostcancel

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"runtime"
	"time"
)

// Config is the service configuration.
type Config struct {
	Addr    string
	Workers int
}

// Bootstrapper loads configuration and starts background tasks.
type Bootstrapper struct {
	every  time.Duration
	report *Reporter
	tasks  chan func(context.Context) error
}

// Reporter collects startup problems. Its Fatalf returns normally.
type Reporter struct {
	lines []string
}

// Fatalf records a fatal-looking message but returns.
func (r *Reporter) Fatalf(format string, args ...any) {
	r.lines = append(r.lines, fmt.Sprintf(format, args...))
}

var errNoConfig = errors.New("no configuration")

func readConfig(ctx context.Context, path string) (*Config, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if path == "" {
		return nil, errNoConfig
	}
	return &Config{Addr: ":8080", Workers: 4}, nil
}

// --- negatives ---

// MustLoad panics on error.
func (b *Bootstrapper) MustLoad(parent context.Context, path string) *Config {
	ctx, cancel := context.WithTimeout(parent, 10*time.Second)
	cfg, err := readConfig(ctx, path)
	if err != nil {
		panic(fmt.Sprintf("load %s: %v", path, err))
	}
	cancel()
	return cfg
}

// LoadOrExit exits the process on error.
func (b *Bootstrapper) LoadOrExit(parent context.Context, path string) *Config {
	ctx, cancel := context.WithTimeout(parent, 10*time.Second)
	cfg, err := readConfig(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cancel()
	return cfg
}

// LoadOrFatal logs and exits on error.
func (b *Bootstrapper) LoadOrFatal(parent context.Context, path string) *Config {
	ctx, cancel := context.WithTimeout(parent, 10*time.Second)
	cfg, err := readConfig(ctx, path)
	if err != nil {
		log.Fatalf("config %q: %v", path, err)
	}
	cancel()
	return cfg
}

// LoadOrPanic logs and panics on error.
func (b *Bootstrapper) LoadOrPanic(parent context.Context, path string) *Config {
	ctx, cancel := context.WithCancel(parent)
	cfg, err := readConfig(ctx, path)
	if err != nil {
		log.Panicf("config %q: %v", path, err)
	}
	cancel()
	return cfg
}

// RunTask ends the calling goroutine when the task fails.
func (b *Bootstrapper) RunTask(parent context.Context, task func(context.Context) error) {
	ctx, cancel := context.WithTimeout(parent, b.every)
	if err := task(ctx); err != nil {
		log.Print(err)
		runtime.Goexit()
	}
	cancel()
}

// Tick runs forever; the only way out is the process ending.
func (b *Bootstrapper) Tick(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	ticker := time.NewTicker(b.every)
	defer ticker.Stop()
	for {
		<-ticker.C
		task, ok := <-b.tasks
		if !ok {
			cancel()
			continue
		}
		if err := task(ctx); err != nil {
			continue
		}
	}
}

// Park starts the tasks and then blocks forever.
func (b *Bootstrapper) Park(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		for task := range b.tasks {
			if task(ctx) != nil {
				cancel()
			}
		}
	}()
	select {}
}

// --- positives ---

// LoadOrReport only looks fatal: Reporter.Fatalf returns.
func (b *Bootstrapper) LoadOrReport(parent context.Context, path string) *Config {
	ctx, cancel := context.WithTimeout(parent, 10*time.Second) // want "lost-cancel"
	cfg, err := readConfig(ctx, path)
	if err != nil {
		b.report.Fatalf("config %q: %v", path, err)
		return nil
	}
	cancel()
	return cfg
}

// LoadOrLog logs and carries on.
func (b *Bootstrapper) LoadOrLog(parent context.Context, path string) *Config {
	ctx, cancel := context.WithTimeout(parent, 10*time.Second) // want "lost-cancel"
	cfg, err := readConfig(ctx, path)
	if err != nil {
		log.Printf("config %q: %v", path, err)
		return nil
	}
	cancel()
	return cfg
}

// LoadOrBail calls a panicking closure through a variable, which is not a
// known no-return call.
func (b *Bootstrapper) LoadOrBail(parent context.Context, path string) (*Config, error) {
	ctx, cancel := context.WithTimeout(parent, 10*time.Second) // want "lost-cancel"
	bail := func(err error) { panic(err) }
	cfg, err := readConfig(ctx, path)
	if err != nil {
		bail(err)
		return nil, err
	}
	cancel()
	return cfg, nil
}

// Drain leaves its endless-looking loop through a break.
func (b *Bootstrapper) Drain(parent context.Context) {
	ctx, cancel := context.WithCancel(parent) // want "lost-cancel"
	for {
		task, ok := <-b.tasks
		if !ok {
			break
		}
		if task(ctx) != nil {
			cancel()
			return
		}
	}
}
