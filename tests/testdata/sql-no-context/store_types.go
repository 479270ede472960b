package sqlnocontext

import (
	"database/sql"
	"time"
)

// User is a row of the users table.
type User struct {
	ID      int64
	Email   string
	Created time.Time
}

// Store is declared here; its methods live in store.go, so the field types
// must come from the package index.
type Store struct {
	db         *sql.DB
	replica    *sql.DB
	insertUser *sql.Stmt
	timeout    time.Duration
}
