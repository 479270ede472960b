package timerleak

import (
	stdtime "time"
)

// fakeTime has an After method: not the time package.
type fakeTime struct{ ch chan stdtime.Time }

func (f fakeTime) After(d stdtime.Duration) <-chan stdtime.Time { return f.ch }

func (f fakeTime) Tick(d stdtime.Duration) <-chan stdtime.Time { return f.ch }

// Größe watches with the aliased package. A comment with time.After( — ünïcode — before the finding.
func Größe(events <-chan int, d stdtime.Duration) int {
	total := 0
	for {
		select {
		case e := <-events:
			total += e
		case <-stdtime.After(d): /* ⏰ */ // want "timer-leak"
			return total
		}
	}
}

// Shadowed: time is a local fakeTime here.
func Shadowed(events <-chan int, d stdtime.Duration) int {
	time := fakeTime{ch: make(chan stdtime.Time)}
	for {
		select {
		case e := <-events:
			return e
		case <-time.After(d):
		case <-time.Tick(d):
		}
	}
}
