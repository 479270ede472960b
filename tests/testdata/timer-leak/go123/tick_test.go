package timerleak

import (
	"testing"
	"time"
)

// time.Tick in a test file is fine (like staticcheck).
func TestTick(t *testing.T) {
	tick := time.Tick(time.Millisecond)
	<-tick
}
