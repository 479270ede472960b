//go:build !linux

package contextnotpassed

import "context"

func now() string { return "other" }

func tick() error { return context.TODO().Err() }
