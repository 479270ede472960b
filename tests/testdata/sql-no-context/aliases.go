package sqlnocontext

import (
	"context"
	dbsql "database/sql"
	"time"
)

// purgeSessions: the alias is still database/sql.
func purgeSessions(ctx context.Context, db *dbsql.DB, olderThan time.Duration) (int64, error) {
	res, err := db.Exec(`DELETE FROM sessions WHERE seen < $1`, time.Now().Add(-olderThan)) // want "sql-no-context"
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// openReplica: db is known from the aliased Open.
func openReplica(ctx context.Context, dsn string) (*dbsql.DB, error) {
	db, err := dbsql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil { // want "sql-no-context"
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// sessionCount is the correct form.
func sessionCount(ctx context.Context, db *dbsql.DB) (n int, err error) {
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&n)
	return n, err
}
