package contextreset

import . "context"

// Ping uses a dot import: Background() is context.Background().
func (s *Service) Ping(ctx Context) error {
	return s.store.Flush(Background()) // want "context-reset"
}

// pingDetached has no ctx parameter.
func pingDetached(s *Service) error {
	return s.store.Flush(TODO())
}
