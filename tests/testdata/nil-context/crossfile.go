package nilcontext

// The callees are declared in own.go: the package index knows their first parameters.
func crossFile(s *Store) error {
	if _, err := fetch(nil, "1"); err != nil { // want "nil-context: nil passed as the context of fetch"
		return err
	}
	if _, err := s.Load(nil, "2"); err != nil { // want "nil-context: nil passed as the context of s.Load"
		return err
	}
	_ = handle(nil, "3") // want "nil-context: nil passed as the context of handle"
	_ = configure(nil, "4")
	return nil
}

// shadowedFetch: a local func value named like the package's function is not it.
func shadowedFetch() {
	fetch := func(v any, id string) string { _ = v; return id }
	_ = fetch(nil, "5")
}
