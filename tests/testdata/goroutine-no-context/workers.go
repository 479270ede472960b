package goroutinenocontext

import (
	"context"
	"time"
)

var baseCtx = context.Background()

func drain(jobs <-chan string) {
	<-jobs
}

func tickForever() {
	time.Sleep(time.Minute)
	sleeper()
}

// drainDetached mentions a context (its own): the goroutine is not judged.
func drainDetached(jobs <-chan string) {
	for {
		select {
		case <-jobs:
		case <-baseCtx.Done():
			return
		}
	}
}
