package main

import "fmt"

// main has no context: goroutines here are not reported.
func main() {
	done := make(chan struct{})
	go func() {
		for i := 0; i < 3; i++ {
			fmt.Println(i)
		}
		close(done)
	}()
	<-done
}
