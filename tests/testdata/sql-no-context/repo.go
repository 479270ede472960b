package sqlnocontext

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"time"
)

// Order is a row of the orders table.
type Order struct {
	ID     int64
	UserID int64
	Total  float64
}

// LoadOrders takes the DB as a parameter.
func LoadOrders(ctx context.Context, db *sql.DB, userID int64) ([]Order, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	rows, err := db.Query(`SELECT id, user_id, total FROM orders WHERE user_id = $1`, userID) // want "sql-no-context"
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.UserID, &o.Total); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, rows.Err()
}

// archiveOrders takes a transaction as a parameter.
func archiveOrders(ctx context.Context, tx *sql.Tx, before time.Time) (int64, error) {
	res, err := tx.Exec(`DELETE FROM orders WHERE created < $1`, before) // want "sql-no-context"
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// totals prepares on a transaction; stmt comes from tx.Prepare.
func totals(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]float64, error) {
	stmt, err := tx.Prepare(`SELECT sum(total) FROM orders WHERE user_id = $1`) // want "sql-no-context"
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	out := make(map[int64]float64, len(ids))
	for _, id := range ids {
		var sum float64
		if err := stmt.QueryRow(id).Scan(&sum); err != nil { // want "sql-no-context"
			return nil, err
		}
		out[id] = sum
	}
	return out, nil
}

// lastOrder queries on a transaction parameter.
func lastOrder(ctx context.Context, tx *sql.Tx, userID int64) (*Order, error) {
	o := &Order{UserID: userID}
	if err := tx.QueryRow(`SELECT id, total FROM orders WHERE user_id = $1 ORDER BY id DESC LIMIT 1`, userID).Scan(&o.ID, &o.Total); err != nil { // want "sql-no-context"
		return nil, err
	}
	return o, nil
}

// OrdersHandler serves totals; ctx is r.Context().
type OrdersHandler struct {
	db *sql.DB
}

func (h *OrdersHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var total float64
	if err := h.db.QueryRow(`SELECT coalesce(sum(total), 0) FROM orders WHERE user_id = $1`, r.URL.Query().Get("user")).Scan(&total); err != nil { // want "sql-no-context"
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]float64{"total": total})
}

// Routes registers a literal handler.
func (h *OrdersHandler) Routes(mux *http.ServeMux) {
	mux.Handle("/orders/total", h)
	mux.HandleFunc("/orders/purge", func(w http.ResponseWriter, r *http.Request) {
		if _, err := h.db.Exec(`DELETE FROM orders WHERE total = 0`); err != nil { // want "sql-no-context"
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/orders/count", func(w http.ResponseWriter, r *http.Request) {
		var n int
		if err := h.db.QueryRowContext(r.Context(), `SELECT count(*) FROM orders`).Scan(&n); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_ = json.NewEncoder(w).Encode(n)
	})
}
