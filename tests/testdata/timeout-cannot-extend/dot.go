package timeoutcannotextend

import (
	"context"
	"errors"
	. "time"
)

// Dotted uses a dot import of the time package.
func (s *Service) Dotted(parent context.Context) error {
	ctx, cancel := context.WithDeadline(parent, Now().Add(10*Second))
	defer cancel()
	slow, cancelSlow := context.WithTimeoutCause(ctx, Duration(1)*Minute, errors.New("slow")) // want "timeout-cannot-extend: the 1m0s timeout cannot extend the parent's 10s timeout"
	defer cancelSlow()
	return s.upload(slow)
}
