package contextreset

import (
	"context"
	"log/slog"
)

// Emit accepts a nil context, as log/slog does: the nil guard is not a reset.
func Emit(ctx context.Context, logger *slog.Logger, msg string) {
	if ctx == nil {
		ctx = context.Background()
	}
	logger.InfoContext(ctx, msg)
}

// EmitReversed spells the guard the other way round.
func EmitReversed(ctx context.Context, logger *slog.Logger, msg string) {
	if nil == ctx {
		ctx = context.TODO()
	}
	logger.InfoContext(ctx, msg)
}

// IsRoot compares against the background context; nothing is replaced.
func IsRoot(ctx context.Context) bool {
	return ctx == context.Background() || ctx == context.TODO()
}

// GuardedOther guards a different variable: replacing ctx here is still a reset.
func GuardedOther(ctx context.Context, logger *slog.Logger) {
	if logger == nil {
		ctx = context.Background() // want "context-reset"
	}
	logger.InfoContext(ctx, "x")
}
