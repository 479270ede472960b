package suppression

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

// Poller polls an endpoint and a jobs table.
type Poller struct {
	url      string
	interval time.Duration
	db       *sql.DB
	client   *http.Client
}

// delay shortens the interval under a deadline.
func (p *Poller) delay(ctx context.Context) time.Duration {
	if _, ok := ctx.Deadline(); ok {
		return p.interval / 2
	}
	return p.interval
}

// endpoint returns the URL to poll.
func (p *Poller) endpoint(ctx context.Context) string {
	if ctx.Err() != nil {
		return p.url + "?stale=1"
	}
	return p.url
}

// record stores the poll time.
func (p *Poller) record(ctx context.Context, at time.Time) error {
	_, err := p.db.ExecContext(ctx, `INSERT INTO polls(at) VALUES ($1)`, at)
	return err
}
