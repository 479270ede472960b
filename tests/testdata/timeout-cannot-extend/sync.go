package timeoutcannotextend

import (
	"context"
	"errors"
	"time"
)

const (
	loginTimeout  = 2 * time.Second
	uploadTimeout = 30 * time.Second
)

// Tiers of retries: iota and implicit repetition.
const (
	tier0 = (iota + 1) * 500 * time.Millisecond // 500ms
	tier1                                       // 1s
	tier2                                       // 1.5s
)

// Service talks to a remote store.
type Service struct {
	login  func(context.Context) error
	upload func(context.Context) error
}

// Sync derives the upload timeout from the login one.
func (s *Service) Sync(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := s.login(ctx); err != nil {
		return err
	}
	upload, cancelUpload := context.WithTimeout(ctx, 30*time.Second) // want "timeout-cannot-extend: the 30s timeout cannot extend the parent's 2s timeout; the effective timeout is 2s"
	defer cancelUpload()
	return s.upload(upload)
}

// Named uses constants of this file.
func (s *Service) Named(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, loginTimeout)
	defer cancel()
	uctx, cancelUpload := context.WithTimeout(ctx, uploadTimeout) // want "timeout-cannot-extend: the 30s timeout .* 2s"
	defer cancelUpload()
	return s.upload(uctx)
}

// Tiers folds iota constants and a local constant.
func (s *Service) Tiers(parent context.Context) error {
	const retries = 3
	short, cancel := context.WithTimeout(parent, tier0)
	defer cancel()
	long, cancelLong := context.WithTimeout(short, time.Duration(retries)*tier2) // want "timeout-cannot-extend: the 4.5s timeout cannot extend the parent's 500ms timeout"
	defer cancelLong()
	return s.upload(long)
}

// Deadline: a deadline written as time.Now().Add(d), through a WithValue layer.
func (s *Service) Deadline(parent context.Context) error {
	ctx, cancel := context.WithTimeoutCause(parent, 90*time.Second, errors.New("slow sync"))
	defer cancel()
	ctx = context.WithValue(ctx, traceKey{}, "sync")
	dctx, cancelD := context.WithDeadline(ctx, time.Now().Add(2*time.Minute)) // want "timeout-cannot-extend: the deadline 2m0s from now cannot extend the parent's 1m30s timeout; the effective timeout is 1m30s"
	defer cancelD()
	return s.upload(dctx)
}

type traceKey struct{}

// Inline: the parent is derived in the argument itself.
func (s *Service) Inline(parent context.Context) error {
	base, cancel := context.WithTimeout(parent, 1500*time.Microsecond)
	defer cancel()
	ctx, cancelAll := context.WithTimeout(context.WithValue(base, traceKey{}, 1), time.Second/2) // want "timeout-cannot-extend: the 500ms timeout cannot extend the parent's 1.5ms timeout"
	defer cancelAll()
	return s.upload(ctx)
}

// Declared uses var declarations.
func (s *Service) Declared(parent context.Context) error {
	var ctx, cancel = context.WithTimeout(parent, tier1)
	defer cancel()
	var inner, cancelInner = context.WithTimeout(ctx, tier2) // want "timeout-cannot-extend: the 1.5s timeout cannot extend the parent's 1s timeout"
	defer cancelInner()
	return s.upload(inner)
}
