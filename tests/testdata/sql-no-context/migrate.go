package sqlnocontext

import (
	"context"
	"database/sql"
	"fmt"
)

// Migrate opens its own DB: db is known from sql.Open.
func Migrate(ctx context.Context, dsn string, steps []string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Ping(); err != nil { // want "sql-no-context"
		return fmt.Errorf("migrate: %w", err)
	}
	for i, step := range steps {
		if _, err := db.Exec(step); err != nil { // want "sql-no-context"
			return fmt.Errorf("migrate step %d: %w", i, err)
		}
	}
	return nil
}

// MigrateOffline has no ctx: not flagged.
func MigrateOffline(dsn string, steps []string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	for _, step := range steps {
		if _, err := tx.Exec(step); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// auditHook ignores its ctx parameter explicitly (named _): not flagged.
type auditHook struct {
	db *sql.DB
}

func (h auditHook) AfterQuery(_ context.Context, query string) error {
	_, err := h.db.Exec(`INSERT INTO audit(query) VALUES ($1)`, query)
	return err
}
