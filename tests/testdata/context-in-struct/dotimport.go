package contextinstruct

import . "context"

// Dotted holds a dot-imported context.
type Dotted struct {
	ctx Context // want "context-in-struct"
}

// Canceller holds only the cancel function.
type Canceller struct {
	cancel CancelFunc
}
