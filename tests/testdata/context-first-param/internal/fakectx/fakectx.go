// Package fakectx declares a type named Context that is not a context.
package fakectx

// Context carries rendering state for templates.
type Context struct {
	Vars map[string]string
}
