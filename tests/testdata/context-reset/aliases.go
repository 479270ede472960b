package contextreset

import (
	stdctx "context"
	"fmt"
)

// Touch uses an aliased import: still the context package.
func (s *Service) Touch(ctx stdctx.Context, key string) error {
	return s.store.Save(stdctx.Background(), key, "touched") // want "context-reset"
}

// TouchLater has a ctx of aliased type inside a literal.
func (s *Service) TouchLater(ctx stdctx.Context, keys []string) []func() error {
	var out []func() error
	for _, k := range keys {
		out = append(out, func() error { return s.store.Save(stdctx.TODO(), k, "later") }) // want "context-reset"
	}
	return out
}

// touchAll has no ctx parameter.
func touchAll(s *Service, keys []string) error {
	for _, k := range keys {
		if err := s.store.Save(stdctx.TODO(), k, "touched"); err != nil {
			return err
		}
	}
	return nil
}

// layout has methods named like context functions.
type layout struct{ colors map[string]string }

func (l layout) Background() string { return l.colors["background"] }

func (l layout) TODO() []string { return []string{"contrast"} }

// Theme: "context" is not the context package in this file, it is a local.
func (s *Service) Theme(ctx stdctx.Context) (string, error) {
	context := layout{colors: map[string]string{"background": "#fff"}}
	bg := context.Background()
	todo := context.TODO()
	return fmt.Sprintf("%s %v", bg, todo), s.store.Save(ctx, "theme", bg)
}
