package timeoutcannotextend

import (
	"context"
	"time"
)

// fastTimeout is declared in consts.go: the package index folds it there.
func (s *Service) OtherFile(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, fastTimeout)
	defer cancel()
	inner, cancelInner := context.WithTimeout(ctx, time.Minute) // want "timeout-cannot-extend: the 1m0s timeout cannot extend the parent's 100ms timeout"
	defer cancelInner()
	return s.upload(inner)
}

// ShadowedConst: a local constant of the same name wins over the package's.
func (s *Service) ShadowedConst(ctx context.Context) error {
	const fastTimeout = 2 * time.Minute
	ctx, cancel := context.WithTimeout(ctx, fastTimeout)
	defer cancel()
	inner, cancelInner := context.WithTimeout(ctx, time.Minute)
	defer cancelInner()
	return s.upload(inner)
}

// FromVariable: a package-level variable of another file is not a constant.
func (s *Service) FromVariable(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, tunable)
	defer cancel()
	inner, cancelInner := context.WithTimeout(ctx, time.Minute)
	defer cancelInner()
	return s.upload(inner)
}
