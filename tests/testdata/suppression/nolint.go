package suppression

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

// Syncer copies items from an endpoint into a table.
type Syncer struct {
	db       *sql.DB
	client   *http.Client
	interval time.Duration
	src      string
}

func (s *Syncer) push(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `UPDATE items SET pushed = true`)
	return err
}

// Sync shows golangci-lint style //nolint directives.
func (s *Syncer) Sync(ctx context.Context) error {
	rows, err := s.db.Query(`SELECT id FROM items`) //nolint:noctx
	if err != nil {
		return err
	}
	defer rows.Close()

	resp, err := http.Get(s.src) //nolint:noctx // upstream has no ctx support
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	time.Sleep(s.interval) //nolint

	if err := s.push(context.Background()); err != nil { //nolint:contextcheck
		return err
	}

	time.Sleep(s.interval) //nolint:CTX205

	time.Sleep(s.interval) //nolint:sleep-no-context

	if _, err := s.db.Exec(`DELETE FROM items WHERE stale`); err != nil { //nolint:errcheck,noctx
		return err
	}

	req, err := http.NewRequest(http.MethodGet, s.src, nil) //nolint:noctx
	if err != nil {
		return err
	}
	if _, err := s.client.Do(req); err != nil {
		return err
	}

	// The directives below name rules that do not match the finding.

	//nolint:lostcancel
	time.Sleep(s.interval) // want "sleep-no-context"

	//nolint:contextcheck
	if _, err := s.db.Exec(`VACUUM`); err != nil { // want "sql-no-context"
		return err
	}

	//nolint:noctx
	time.Sleep(s.interval) // want "sleep-no-context"

	//nolint:staticcheck
	if err := s.push(context.TODO()); err != nil { // want "context-reset"
		return err
	}

	//nolint:errcheck
	again, err := s.client.Get(s.src) // want "http-no-context"
	if err != nil {
		return err
	}
	again.Body.Close()
	return rows.Err()
}
