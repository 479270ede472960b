package sqlnocontext

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// memDB has Query/Exec/Ping methods like *sql.DB.
type memDB struct {
	rows map[string][]string
}

func (m *memDB) Query(key string) ([]string, error) {
	r, ok := m.rows[key]
	if !ok {
		return nil, sql.ErrNoRows
	}
	return r, nil
}

func (m *memDB) Exec(cmd string) error {
	k, v, ok := strings.Cut(cmd, "=")
	if !ok {
		return errors.New("bad command")
	}
	m.rows[k] = append(m.rows[k], v)
	return nil
}

func (m *memDB) Ping() error { return nil }

// cacheLayer has a field named db, like Store, but of another type.
type cacheLayer struct {
	db       *memDB
	fallback *Store
}

// Lookup calls methods of memDB only.
func (c *cacheLayer) Lookup(ctx context.Context, key string) ([]string, error) {
	if err := c.db.Ping(); err != nil {
		return nil, err
	}
	rows, err := c.db.Query(key)
	if err == nil {
		return rows, nil
	}
	u, err := c.fallback.UserByEmail(ctx, key)
	if err != nil {
		return nil, err
	}
	return []string{u.Email}, c.db.Exec(key + "=" + u.Email)
}

// Querier is satisfied by *sql.DB, but a value of this type is not known to be one.
type Querier interface {
	Query(query string, args ...any) (*sql.Rows, error)
	Exec(query string, args ...any) (sql.Result, error)
}

// countWith queries through an interface.
func countWith(ctx context.Context, q Querier) (int, error) {
	rows, err := q.Query(`SELECT 1`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if _, err := q.Exec(`ANALYZE`); err != nil {
		return n, err
	}
	return n, rows.Err()
}

// opener has an Open method like the sql package.
type opener struct{}

func (opener) Open(driver, dsn string) (*memDB, error) {
	return &memDB{rows: map[string][]string{driver: {dsn}}}, nil
}

// openCache shadows the sql package with a local: db is not a *sql.DB.
func openCache(ctx context.Context) error {
	sql := opener{}
	db, err := sql.Open("mem", "cache")
	if err != nil {
		return err
	}
	return db.Ping()
}
