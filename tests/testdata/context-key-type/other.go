package contextkeytype

// sharedKey is an untyped string constant, used as a key in named.go: the package index
// sees its type from there.
const sharedKey = "shared"
