package contextreset

import (
	"context"
	"strings"
)

// renderScope has methods named like context functions.
type renderScope struct {
	vars map[string]string
}

func (r renderScope) Background() string { return r.vars["bg"] }

func (r renderScope) TODO() string { return r.vars["todo"] }

// Render shadows the context package with a local variable.
func (s *Service) Render(ctx context.Context, key string) (string, error) {
	v, err := s.store.Load(ctx, key)
	if err != nil {
		return "", err
	}
	context := renderScope{vars: map[string]string{"bg": "#000", "todo": v}}
	return strings.Join([]string{context.Background(), context.TODO()}, ";"), nil
}

// Paint shadows the package with a parameter.
func Paint(context renderScope, out *strings.Builder) {
	out.WriteString(context.Background())
	out.WriteString(context.TODO())
}
