package timerleak

import (
	"fmt"
	"time"
)

// heartbeat is package-level: one ticker for the life of the program.
var heartbeat = time.Tick(time.Minute)

// Report prints n ticks: the ticker keeps ticking after Report returns.
func Report(n int) {
	tick := time.Tick(time.Second)
	for i := 0; i < n; i++ {
		fmt.Println(<-tick)
	}
}

// RangeTick: a for-range over the channel can end (when it is closed).
func RangeTick(stop <-chan struct{}) {
	for now := range time.Tick(time.Second) {
		select {
		case <-stop:
			return
		default:
			fmt.Println(now)
		}
	}
}

// Forever never returns: the ticker is in use for the goroutine's life.
func Forever(work func()) {
	tick := time.Tick(time.Second)
	for {
		<-tick
		work()
	}
}

// Beat waits on the package-level ticker.
func Beat() time.Time { return <-heartbeat }
