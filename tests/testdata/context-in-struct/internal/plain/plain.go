// Package plain declares its own Context type and does not import "context".
package plain

// Context is a type of this package in a file that does not import "context".
type Context struct{ name string }

// Local uses this package's Context.
type Local struct {
	ctx Context
	Context
}
