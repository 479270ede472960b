package timeoutcannotextend

import "time"

const fastTimeout = 100 * time.Millisecond

// tunable is a variable: crossfile.go must not fold it.
var tunable = 10 * time.Millisecond
