// Package sql is an in-memory look-alike of database/sql: same package name,
// same type and method names, different import path. Nothing here is flagged.
package sql

import "errors"

// DB is a toy table store.
type DB struct {
	tables map[string][]string
}

// Result reports affected rows.
type Result struct {
	Rows int
}

// Open returns an empty DB.
func Open(name string) *DB {
	return &DB{tables: map[string][]string{name: nil}}
}

// Query returns the rows of a table.
func (db *DB) Query(table string, args ...any) ([]string, error) {
	rows, ok := db.tables[table]
	if !ok {
		return nil, errors.New("no table " + table)
	}
	return rows, nil
}

// Exec appends a row.
func (db *DB) Exec(table string, args ...any) (Result, error) {
	db.tables[table] = append(db.tables[table], table)
	return Result{Rows: 1}, nil
}

// Ping always succeeds.
func (db *DB) Ping() error { return nil }

// Begin returns the same DB.
func (db *DB) Begin() (*DB, error) { return db, nil }
