package suppression

import (
	"context"
	"net/http"
	"time"
)

// Poll shows //ctxls:ignore on the line and on the line above.
func (p *Poller) Poll(ctx context.Context) error {
	time.Sleep(p.interval) //ctxls:ignore

	//ctxls:ignore
	time.Sleep(p.interval)

	//ctxls:ignore sleep-no-context,CTX201 warm-up is deliberately detached
	time.Sleep(p.delay(context.Background()))

	time.Sleep(p.interval) //ctxls:ignore CTX205 the code form works too

	rows, err := p.db.Query(`SELECT id FROM jobs`) //ctxls:ignore sql-no-context legacy driver
	if err != nil {
		return err
	}
	defer rows.Close()

	//ctxls:ignore
	first, err := http.Get(p.endpoint(context.Background()))
	if err != nil {
		return err
	}
	first.Body.Close()

	//ctxls:ignore CTX201 only context-reset is ignored here
	resp, err := http.Get(p.endpoint(context.TODO())) // want "http-no-context"
	if err != nil {
		return err
	}
	resp.Body.Close()

	//ctxls:ignore http-no-context names another rule
	time.Sleep(p.interval) // want "sleep-no-context"

	//ctxls:ignore sleep-no-context
	d := p.delay(context.Background()) // want "context-reset"

	//ctxls:ignore

	time.Sleep(d) // want "sleep-no-context"
	return rows.Err()
}

// Record has no suppression at all.
func (p *Poller) Record(ctx context.Context) error {
	return p.record(context.TODO(), time.Now()) // want "context-reset"
}
