package contextinloop

import (
	"context"
	"net/http"
	"time"
)

type stepKey struct{}

// Step is one stage of a pipeline.
type Step struct {
	Name string
	Do   func(context.Context) error
}

// Run adds a value layer per step: the fix declares a per-iteration ctx.
func Run(ctx context.Context, steps []Step) error {
	for _, s := range steps {
		ctx = context.WithValue(ctx, stepKey{}, s.Name) // want "context-in-loop: each iteration derives ctx"
		if err := s.Do(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Deadlines shrinks one chain per attempt; only the first assignment of the loop is
// reported. The outer cancel is called after the loop, so the fix is unsafe.
func Deadlines(ctx context.Context, attempts int, try func(context.Context) error) error {
	var cancel context.CancelFunc = func() {}
	var err error
	for i := 0; i < attempts; i++ {
		ctx, cancel = context.WithTimeout(ctx, time.Second) // want "context-in-loop"
		ctx = context.WithValue(ctx, stepKey{}, i)
		err = try(ctx)
		cancel()
	}
	cancel()
	return err
}

// Handler derives from the request's context; ctx is read after the loop, so the
// fix is offered as unsafe.
func Handler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	for _, name := range r.URL.Query()["step"] {
		ctx = context.WithValue(ctx, stepKey{}, name) // want "context-in-loop"
		_ = ctx.Value(stepKey{})
	}
	if ctx.Err() != nil {
		w.WriteHeader(http.StatusRequestTimeout)
	}
}

// Middleware grows the captured context on every request.
func Middleware(next http.Handler) http.Handler {
	ctx := context.Background()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx = context.WithValue(ctx, stepKey{}, r.URL.Path) // want "context-in-loop: each call of this func literal"
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Nested: the inner loop repeats the assignment; one diagnostic for it.
func Nested(ctx context.Context, groups [][]Step) {
	for _, g := range groups {
		gctx := ctx
		for _, s := range g {
			gctx = context.WithValue(gctx, stepKey{}, s.Name) // want "context-in-loop"
			_ = s.Do(gctx)
		}
	}
}

// Wrap is a helper of this package.
func Wrap(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, stepKey{}, name)
}

// Helper: a call of another function mentions ctx too; its result type is not visible,
// so the fix is unsafe.
func Helper(ctx context.Context, names []string, use func(context.Context)) {
	for _, n := range names {
		ctx = Wrap(ctx, n) // want "context-in-loop"
		use(ctx)
	}
}

// Cause uses the *Cause form in a three-clause loop; stop is declared in the same
// block, so := cannot be used there.
func Cause(parent context.Context, n int, use func(context.Context)) {
	ctx := parent
	stops := make([]context.CancelCauseFunc, 0, n)
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			var stop context.CancelCauseFunc
			ctx, stop = context.WithCancelCause(ctx) // want "context-in-loop"
			stops = append(stops, stop)
		}
		use(ctx)
	}
	for _, stop := range stops {
		stop(nil)
	}
}
