// Command resetd: main is where root contexts are born.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"

	contextreset "example.com/fixtures/context-reset"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	svc := contextreset.NewService(contextreset.NewStore())
	flush := func() {
		if err := svc.Close(); err != nil {
			log.Print(err)
		}
	}
	defer flush()
	if err := svc.Put(ctx, "boot", "1"); err != nil {
		log.Print(err)
		return
	}
	if _, err := svc.Get(context.TODO(), "boot"); err != nil {
		log.Print(err)
	}
}
