package sleepnocontext

import (
	"context"
	stdtime "time"
)

// pace: the alias is still the time package; the fix uses the alias too.
func pace(ctx context.Context, d stdtime.Duration) error {
	stdtime.Sleep(d) // want "sleep-no-context"
	return nil
}

// paceAll has no ctx.
func paceAll(ds []stdtime.Duration) {
	for _, d := range ds {
		stdtime.Sleep(d)
	}
}

// virtualClock advances without sleeping.
type virtualClock struct {
	elapsed stdtime.Duration
}

func (c *virtualClock) Sleep(d stdtime.Duration) { c.elapsed += d }

// simulate: in this file "time" is a local variable, not the time package.
func simulate(ctx context.Context, steps []stdtime.Duration) (stdtime.Duration, error) {
	time := &virtualClock{}
	for _, d := range steps {
		time.Sleep(d)
	}
	return time.elapsed, ctx.Err()
}
