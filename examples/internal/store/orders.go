package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const orderColumns = `id, customer_id, amount_cents, currency, status, charge_id, created_at`

func scanOrder(row interface{ Scan(...any) error }) (o Order, err error) {
	err = row.Scan(&o.ID, &o.CustomerID, &o.AmountCents, &o.Currency, &o.Status, &o.ChargeID, &o.CreatedAt)
	return o, err
}

// Get returns the order with the given id, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (Order, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()

	o, err := scanOrder(s.db.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, ErrNotFound
	}
	return o, err
}

// ListPending returns up to limit orders whose charge has not settled yet.
func (s *Store) ListPending(ctx context.Context, limit int) ([]Order, error) {
	rows, err := s.db.Query(`SELECT `+orderColumns+` FROM orders
		WHERE status = $1 AND charge_id <> '' ORDER BY id LIMIT $2`, StatusPending, limit)
	if err != nil {
		return nil, fmt.Errorf("list pending: %w", err)
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Create inserts o and its "created" event in one transaction and returns the new id.
func (s *Store) Create(ctx context.Context, o Order) (int64, error) {
	tx, err := s.db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() // no-op after Commit

	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO orders (customer_id, amount_cents, currency, status, charge_id)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		o.CustomerID, o.AmountCents, o.Currency, o.Status, o.ChargeID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert order: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO order_events (order_id, kind) VALUES ($1, 'created')`, id); err != nil {
		return 0, fmt.Errorf("insert event: %w", err)
	}
	return id, tx.Commit()
}

// SetStatus moves an order to a new status.
func (s *Store) SetStatus(ctx context.Context, id int64, status string) error {
	// Status changes must land even if the caller goes away mid-request.
	res, err := s.db.ExecContext(context.Background(), `UPDATE orders SET status = $1 WHERE id = $2`, status, id)
	if err != nil {
		return fmt.Errorf("set status: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
