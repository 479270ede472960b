package contextkeytype

// sharedKey is an untyped string constant, used as a key in named.go.
const sharedKey = "shared"
