package contextnotpassed

import (
	"context"
	"sync"

	"example.com/fixtures/contextnotpassed/internal/legacy"
)

// Config is initialised lazily, once, on first use.
type Config struct {
	mu          sync.Mutex
	initialized bool
	closed      bool
	hits        int
	dir         string
	err         error
}

// --- positives ---

func (c *Config) Positives(ctx context.Context) error {
	_ = legacy.Reload()  // want "context-not-passed: stops at legacy.Reload: .* context.Background\(\)"
	c.count()            // want "context-not-passed: stops at c.count: .* context.Background\(\) \(through primeAll\)"
	c.shut()             // want "context-not-passed: stops at c.shut: .* \(through primeAll\)"
	_ = c.retry()        // want "context-not-passed: stops at c.retry: .* \(through primeAll\)"
	_ = c.defaulted()    // want "context-not-passed: stops at c.defaulted: .* starts from context.TODO\(\)"
	_ = legacy.Base()    // want "context-not-passed: stops at legacy.Base: .* starts from context.TODO\(\)"
	return c.sticky(ctx) // takes a context: nothing to report
}

// count checks its flag only after other work: it runs every time.
func (c *Config) count() {
	c.hits++
	if c.initialized {
		return
	}
	c.initialized = true
	_ = primeAll()
}

// shut checks a flag it never sets: not a once guard.
func (c *Config) shut() {
	if c.closed {
		return
	}
	_ = primeAll()
}

// retry caches an error: a nil check is not a once guard (it runs until something fails).
func (c *Config) retry() error {
	if c.err != nil {
		return c.err
	}
	c.err = primeAll()
	return c.err
}

// defaulted returns a fresh context as a default, but also starts work under another one.
func (c *Config) defaulted() context.Context {
	if c.dir == "" {
		return context.Background()
	}
	_ = legacy.SyncWith(context.TODO(), c.dir)
	return nil
}

func (c *Config) sticky(ctx context.Context) error { return ctx.Err() }

// --- negatives ---

func (c *Config) Negatives(ctx context.Context) string {
	legacy.Init()        // runs once: the context it starts from is shared, not per call
	_ = legacy.Dir()     // reaches the fresh context only through Init
	_ = legacy.Expired() // Current only returns context.Background() as a default
	_ = legacy.Current() // the same
	c.init()             // locks, then runs once
	_ = c.Dir()          // through init
	setup()              // sync.Once: the work is in a func literal
	setupValue()         // sync.Once with a function value: not a call
	return c.dir
}

// init is the hand-written sync.Once, behind a mutex.
func (c *Config) init() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.initialized {
		return
	}
	c.initialized = true
	_ = primeAll()
	c.dir = "ready"
}

// Dir initialises on first use.
func (c *Config) Dir() string {
	c.init()
	return c.dir
}

var (
	once     sync.Once
	onceVal  sync.Once
	defaults string
)

func setup() {
	once.Do(func() {
		_ = primeAll()
	})
}

func setupValue() { onceVal.Do(loadDefaults) }

func loadDefaults() {
	_ = primeAll()
	defaults = "loaded"
}

// Dialer has a context-taking variant of dial, but dial takes a context itself.
type Dialer struct{}

func (d *Dialer) dial(ctx context.Context, addr string) error {
	return d.dialWithContext(ctx, addr)
}

func (d *Dialer) dialWithContext(ctx context.Context, addr string) error {
	_ = addr
	return ctx.Err()
}

func (d *Dialer) Connect(ctx context.Context, addr string) error {
	return d.dial(ctx, addr) // passes its context: no sibling to suggest
}
