"""A generated Go file of realistic shape for latency benchmarks (handlers, stores, loops)."""

from __future__ import annotations

_HEADER = """package gen

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"time"
)

var errMissing = errors.New("missing")

type Store struct {
	db      *sql.DB
	timeout time.Duration
}
"""

_FUNCS = [
    """
// Get{n} loads one row with a deadline.
func (s *Store) Get{n}(ctx context.Context, id int) (string, error) {{
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	var name string
	if err := s.db.QueryRowContext(ctx, "SELECT name FROM t{n} WHERE id = ?", id).Scan(&name); err != nil {{
		return "", err
	}}
	return name, nil
}}
""",
    """
// Handle{n} serves one request.
func (s *Store) Handle{n}(w http.ResponseWriter, r *http.Request) {{
	name, err := s.Get{n}(r.Context(), {n})
	if errors.Is(err, errMissing) {{
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}}
	for i := 0; i < 3; i++ {{
		select {{
		case <-r.Context().Done():
			return
		default:
		}}
	}}
	_, _ = w.Write([]byte(name))
}}
""",
    """
// Sweep{n} runs until ctx is done.
func (s *Store) Sweep{n}(ctx context.Context) error {{
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {{
		select {{
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if _, err := s.db.ExecContext(ctx, "DELETE FROM t{n} WHERE expired"); err != nil {{
				return err
			}}
		}}
	}}
}}
""",
]


def go_file(lines: int = 10_000, part: int = 0) -> str:
    """About ``lines`` lines of one package. Files of the same package are made with
    different ``part`` numbers: their functions get distinct names (``Get100000`` …) and only
    part 0 declares the package-level types, so that together they are a package that could
    compile (identical files would declare everything several times)."""
    header = _HEADER if part == 0 else _HEADER[: _HEADER.index("var errMissing")]
    out = [header]
    count = header.count("\n")
    n = part * 100_000
    while count < lines:
        body = _FUNCS[n % len(_FUNCS)].format(n=n)
        out.append(body)
        count += body.count("\n")
        n += 1
    return "".join(out)
