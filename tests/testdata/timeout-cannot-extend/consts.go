package timeoutcannotextend

import "time"

const fastTimeout = 100 * time.Millisecond
