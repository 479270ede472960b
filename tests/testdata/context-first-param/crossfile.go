package contextfirstparam

// requestCtx is declared in aliases.go, over the aliased context package: a context type
// here too.
func Remote(tpl string, rc requestCtx) error { // want "context-first-param: context parameter rc of Remote comes after tpl string"
	_ = tpl
	return rc.Err()
}

func RemoteFirst(rc requestCtx, tpl string) error {
	_ = tpl
	return rc.Err()
}
