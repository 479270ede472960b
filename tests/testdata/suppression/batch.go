package suppression

import (
	"context"
	"time"
)

// Batch marks jobs done; this file ignores sql-no-context (by code) and
// sleep-no-context (by id), see the directive at the end of the file.
func (p *Poller) Batch(ctx context.Context, ids []int) error {
	for _, id := range ids {
		if _, err := p.db.Exec(`UPDATE jobs SET done = true WHERE id = $1`, id); err != nil {
			return err
		}
		time.Sleep(p.interval)
	}
	resp, err := p.client.Post(p.url, "text/plain", nil) // want "http-no-context"
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

//ctxls:file-ignore CTX203,sleep-no-context
