// Command sleeper: main has no ctx parameter, so sleeping is fine.
package main

import (
	"context"
	"fmt"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	time.Sleep(10 * time.Millisecond)
	report := func() {
		time.Sleep(time.Millisecond)
		fmt.Println(ctx.Err())
	}
	report()
}
