package goroutinenocontext

import (
	"context"
	"time"
)

// memo has methods named like blocking APIs; none of them blocks.
type memo struct{ m map[string]string }

func (c *memo) Get(k string) string                 { return c.m[k] }
func (c *memo) Post(k, v string)                    { c.m[k] = v }
func (c *memo) Query(k string) (string, bool)       { v, ok := c.m[k]; return v, ok }
func (c *memo) Exec(k string)                       { delete(c.m, k) }
func (c *memo) Dial(k string) string                { return "dial:" + k }
func (c *memo) Sleep(d time.Duration) time.Duration { return d }

// Warm: a short goroutine of look-alike calls does not block.
func (c *memo) Warm(ctx context.Context, k string) {
	go func() {
		c.Post(k, c.Get(k))
		c.Query(k)
		c.Exec(k)
		c.Dial(k)
		c.Sleep(time.Second)
	}()
}

// PollForever has no context to pass.
func PollForever(check func() bool) {
	go func() {
		for !check() {
			time.Sleep(10 * time.Millisecond)
		}
	}()
}
