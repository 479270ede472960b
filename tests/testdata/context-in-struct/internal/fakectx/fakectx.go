// Package fakectx declares a type named Context that is not a context.
package fakectx

// Context is the state of a template rendering.
type Context struct {
	Vars map[string]string
}
