package timeoutcannotextend

import (
	"context"
	"time"
)

// ---- not reported

// Shorter: a child may shorten the deadline.
func (s *Service) Shorter(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	inner, cancelInner := context.WithTimeout(ctx, 2*time.Second)
	defer cancelInner()
	return s.upload(inner)
}

// Equal durations: not reported.
func (s *Service) Equal(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	inner, cancelInner := context.WithTimeout(ctx, 1000*time.Millisecond)
	defer cancelInner()
	return s.upload(inner)
}

// Variable durations are not constants.
func (s *Service) Variable(ctx context.Context, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	inner, cancelInner := context.WithTimeout(ctx, 2*d)
	defer cancelInner()
	return s.upload(inner)
}

// Parameter: the caller's deadline is not visible.
func (s *Service) Parameter(ctx context.Context) error {
	inner, cancel := context.WithTimeout(ctx, time.Hour)
	defer cancel()
	return s.upload(inner)
}

// Detached: WithoutCancel drops the parent's deadline.
func (s *Service) Detached(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	bg, cancelBg := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancelBg()
	return s.upload(bg)
}

// Branch: the last assignment before the call is in a branch.
func (s *Service) Branch(ctx context.Context, fast bool) error {
	cancel := context.CancelFunc(func() {})
	if fast {
		ctx, cancel = context.WithTimeout(ctx, time.Second)
	}
	defer cancel()
	inner, cancelInner := context.WithTimeout(ctx, time.Minute)
	defer cancelInner()
	return s.upload(inner)
}

// Closure: a func literal may reassign ctx at any time.
func (s *Service) Closure(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	replace := func(next context.Context) { ctx = next }
	replace(context.WithoutCancel(ctx))
	inner, cancelInner := context.WithTimeout(ctx, time.Minute)
	defer cancelInner()
	return s.upload(inner)
}

// Loop: a later iteration sees another parent.
func (s *Service) Loop(parent context.Context, n int) error {
	ctx := parent
	var err error
	var cancels []context.CancelFunc
	for i := 0; i < n; i++ {
		inner, cancel := context.WithTimeout(ctx, time.Minute)
		err = s.upload(inner)
		cancel()
		next, cancelNext := context.WithTimeout(parent, time.Second)
		ctx = next
		cancels = append(cancels, cancelNext)
	}
	for _, cancel := range cancels {
		cancel()
	}
	return err
}

// NotNow: a deadline that is not time.Now().Add(d) in the call itself.
func (s *Service) NotNow(ctx context.Context, start time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	inner, cancelInner := context.WithDeadline(ctx, start.Add(time.Minute))
	defer cancelInner()
	return s.upload(inner)
}

// clock is a look-alike with a Second field; "time" is a local of that type below.
type clock struct{ Second, Minute time.Duration }

// Shadowed: time.Second here is a field, not the time package's constant.
func (s *Service) Shadowed(ctx context.Context) error {
	time := clock{Second: 10, Minute: 1}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	inner, cancelInner := context.WithTimeout(ctx, time.Minute)
	defer cancelInner()
	return s.upload(inner)
}
