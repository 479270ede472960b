package testcontext

import (
	. "context"
	"testing"
)

// Dot import: Background is context's.
func TestDot(t *testing.T) {
	ctx, cancel := WithCancel(Background())
	defer cancel()
	_ = Start(ctx)
}
