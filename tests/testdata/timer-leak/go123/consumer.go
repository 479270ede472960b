package timerleak

import (
	"context"
	"time"
)

// Message is a unit of work.
type Message struct{ ID int }

// Consumer batches messages and flushes when idle.
type Consumer struct {
	messages chan Message
	idle     time.Duration
	batch    []Message
}

func (c *Consumer) flush() { c.batch = c.batch[:0] }

// Run creates a timer per message: each lives for c.idle after its iteration.
func (c *Consumer) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-c.messages:
			c.batch = append(c.batch, m)
		case <-time.After(c.idle):
			c.flush()
		}
	}
}

// Poll: a default case returns at once, leaving the timer behind.
func (c *Consumer) Poll(n int) {
	for i := 0; i < n; i++ {
		select {
		case now := <-time.After(time.Millisecond):
			_ = now
		default:
		}
	}
}

// Each iteration runs the literal: the select is in the loop.
func (c *Consumer) Drain(ms []Message) {
	for range ms {
		func() {
			select {
			case m := <-c.messages:
				c.batch = append(c.batch, m)
			case <-time.After(c.idle):
			}
		}()
	}
}

// Tick waits on the timer alone: it fires before the next iteration.
func (c *Consumer) Tick(n int) {
	for i := 0; i < n; i++ {
		select {
		case <-time.After(c.idle):
			c.flush()
		}
	}
}

// Once is not in a loop.
func (c *Consumer) Once() bool {
	select {
	case m := <-c.messages:
		c.batch = append(c.batch, m)
		return true
	case <-time.After(c.idle):
		return false
	}
}

// Hoisted: one timer for the whole loop.
func (c *Consumer) Hoisted(ctx context.Context) {
	timeout := time.After(c.idle)
	for {
		select {
		case <-ctx.Done():
			return
		case <-timeout:
			return
		case m := <-c.messages:
			c.batch = append(c.batch, m)
		}
	}
}

// Spawn: the deferred literal's body runs once, when Spawn returns; not per iteration.
func (c *Consumer) Spawn(done chan struct{}) {
	for i := 0; i < 3; i++ {
		c.flush()
	}
	defer func() {
		select {
		case <-done:
		case <-time.After(c.idle):
		}
	}()
	for range c.batch {
		f := func() {
			select {
			case <-done:
			case <-time.After(c.idle):
			}
		}
		_ = f
	}
}

// In the body of a case, not in its channel operation: evaluated once per timeout.
func (c *Consumer) Body(done chan struct{}) <-chan time.Time {
	var ch <-chan time.Time
	for {
		select {
		case <-done:
			return ch
		case m := <-c.messages:
			c.batch = append(c.batch, m)
			ch = time.After(c.idle)
		}
	}
}
