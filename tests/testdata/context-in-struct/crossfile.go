package contextinstruct

// reqCtx is declared in structs.go: a context type in this file too.
type Session struct {
	user string
	rc   reqCtx // want "context-in-struct"
}

func (s Session) User() string { return s.user }

// A field of a type named like a context type of another package is not one.
type Remote struct {
	rc interface{ Err() error }
}
