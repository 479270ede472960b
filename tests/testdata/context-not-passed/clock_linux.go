//go:build linux

package contextnotpassed

import "context"

func now() string {
	_ = context.Background()
	return "linux"
}

func tick() error { return context.Background().Err() }
