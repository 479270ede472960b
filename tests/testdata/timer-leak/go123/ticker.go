package timerleak

import (
	"fmt"
	"time"
)

// Poller polls a source.
type Poller struct {
	every  time.Duration
	ticker *time.Ticker
	stops  []func()
}

// Poll never stops its ticker.
func (p *Poller) Poll(n int, done <-chan struct{}) {
	t := time.NewTicker(p.every)
	for i := 0; i < n; i++ {
		select {
		case <-done:
			return
		case <-t.C:
			fmt.Println("poll")
		}
	}
}

// Wait: a timer that is reset but not stopped.
func (p *Poller) Wait(done <-chan struct{}) bool {
	var timer = time.NewTimer(p.every)
	timer.Reset(2 * p.every)
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}

// Pair declares two at once; only the ticker leaks.
func (p *Poller) Pair(done <-chan struct{}) {
	tk, tm := time.NewTicker(p.every), time.NewTimer(p.every)
	defer tm.Stop()
	select {
	case <-done:
	case <-tk.C:
	case <-tm.C:
	}
}

// Stopped with defer.
func (p *Poller) Stopped(n int) {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for i := 0; i < n; i++ {
		<-t.C
	}
}

// Returned: the caller owns it.
func (p *Poller) Returned() *time.Ticker {
	t := time.NewTicker(p.every)
	return t
}

// Stored in a field: stopped elsewhere.
func (p *Poller) Stored() {
	t := time.NewTicker(p.every)
	p.ticker = t
}

// Passed to a function.
func (p *Poller) Passed() {
	t := time.NewTicker(p.every)
	p.watch(t)
}

func (p *Poller) watch(t *time.Ticker) { p.stops = append(p.stops, t.Stop) }

// Closure: the literal may stop it.
func (p *Poller) Closure() {
	t := time.NewTimer(p.every)
	p.stops = append(p.stops, func() { t.Stop() })
}

// Sleep waits for the timer to fire: nothing is left behind.
func (p *Poller) Sleep() {
	t := time.NewTimer(p.every)
	<-t.C
}

// Loop never returns: the ticker is in use forever.
func (p *Poller) Loop(work func()) {
	t := time.NewTicker(p.every)
	for {
		<-t.C
		work()
	}
}
