package sqlnocontext

import (
	"context"

	"example.com/fixtures/sql-no-context/internal/sql"
)

// warmFake: sql here is the look-alike package, not database/sql.
func warmFake(ctx context.Context, db *sql.DB) (int, error) {
	if err := db.Ping(); err != nil {
		return 0, err
	}
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec("users", "ada"); err != nil {
		return 0, err
	}
	rows, err := db.Query("users")
	return len(rows), err
}

// newFake opens a look-alike DB.
func newFake(ctx context.Context) (*sql.DB, error) {
	db := sql.Open("users")
	_, err := db.Exec("users")
	return db, err
}
