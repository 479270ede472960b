package main

import (
	"fmt"
	"time"
)

// report in package main: a command, time.Tick is fine.
func report(n int) {
	tick := time.Tick(time.Second)
	for i := 0; i < n; i++ {
		fmt.Println(<-tick)
	}
}

func main() {
	report(3)
}
