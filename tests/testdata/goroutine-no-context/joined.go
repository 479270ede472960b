package goroutinenocontext

import (
	"context"
	"sync"
)

// ---- reported: the function may return before the goroutine ends

// EarlyReturn can return between the go statement and the wait.
func EarlyReturn(ctx context.Context, jobs <-chan string, quick bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want "goroutine-no-context: .*\(loop\)"
		defer wg.Done()
		for range jobs {
		}
	}()
	if quick {
		return
	}
	wg.Wait()
}

// SendFirst: the goroutine goes on after the send the function receives.
func SendFirst(ctx context.Context, jobs <-chan string) {
	started := make(chan struct{})
	go func() { // want "goroutine-no-context: .*\(channel send\)"
		started <- struct{}{}
		for range jobs {
		}
	}()
	<-started
}

// TwoSenders: one receive joins only one of them.
func TwoSenders(ctx context.Context, a, b func() int) int {
	res := make(chan int)
	go func() { res <- a() }() // want "goroutine-no-context: .*\(channel send\)"
	go func() { res <- b() }() // want "goroutine-no-context: .*\(channel send\)"
	return <-res
}

// WaitMaybe waits only on one path.
func WaitMaybe(ctx context.Context, jobs <-chan string, wait bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want "goroutine-no-context: .*\(loop\)"
		defer wg.Done()
		for range jobs {
		}
	}()
	if wait {
		wg.Wait()
	}
}

// ---- not reported: the function waits for the goroutine, which cannot outlive it

// Group waits for its workers.
func Group(ctx context.Context, jobs <-chan string) {
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
			}
		}()
	}
	wg.Wait()
}

// Closed: the goroutine closes done when it ends, the function receives from it.
func Closed(ctx context.Context, jobs <-chan string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-jobs
	}()
	drainAll(jobs)
	<-done
}

// Handshake: the goroutine's last statement is the send the function receives.
func Handshake(ctx context.Context, jobs <-chan string) string {
	res := make(chan string)
	go func() {
		job := <-jobs
		res <- job
	}()
	got := <-res
	return got
}

func drainAll(jobs <-chan string) {
	for len(jobs) > 0 {
		<-jobs
	}
}
