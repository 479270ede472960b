// Package store persists orders in a SQL database.
package store

import (
	"database/sql"
	"errors"
	"time"
)

// ErrNotFound is returned when an order does not exist.
var ErrNotFound = errors.New("store: order not found")

// Order statuses.
const (
	StatusPending  = "pending"
	StatusPaid     = "paid"
	StatusCanceled = "canceled"
)

// Order is a customer order as stored in the orders table.
type Order struct {
	ID          int64     `json:"id"`
	CustomerID  int64     `json:"customer_id"`
	AmountCents int64     `json:"amount_cents"`
	Currency    string    `json:"currency"`
	Status      string    `json:"status"`
	ChargeID    string    `json:"charge_id,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Store is the orders repository. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// New returns a Store backed by db. The caller owns db and must close it.
func New(db *sql.DB) *Store {
	return &Store{db: db}
}
