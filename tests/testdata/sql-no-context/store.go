package sqlnocontext

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// NewStore prepares the statements it needs. No ctx: nothing is flagged here.
func NewStore(db *sql.DB) (*Store, error) {
	ins, err := db.Prepare(`INSERT INTO users(email) VALUES ($1)`)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, replica: db, insertUser: ins}, nil
}

// UserByID ignores ctx.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	var u User
	err := s.db.QueryRow(`SELECT id, email, created FROM users WHERE id = $1`, id).Scan(&u.ID, &u.Email, &u.Created) // want "sql-no-context"
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// ListUsers ignores ctx.
func (s *Store) ListUsers(ctx context.Context, limit int) ([]User, error) {
	rows, err := s.db.Query(`SELECT id, email, created FROM users LIMIT $1`, limit) // want "sql-no-context"
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var users []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Email, &u.Created); err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// DeleteUser ignores ctx.
func (s *Store) DeleteUser(ctx context.Context, id int64) error {
	_, err := s.db.Exec(`DELETE FROM users WHERE id = $1`, id) // want "sql-no-context"
	return err
}

// Healthy pings without ctx.
func (s *Store) Healthy(ctx context.Context) bool {
	return s.db.Ping() == nil // want "sql-no-context"
}

// CreateUser runs a prepared statement held in a field.
func (s *Store) CreateUser(ctx context.Context, email string) (int64, error) {
	res, err := s.insertUser.Exec(email) // want "sql-no-context"
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// RenameDomain begins a transaction without ctx; tx comes from db.Begin.
func (s *Store) RenameDomain(ctx context.Context, from, to string) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	tx, err := s.db.Begin() // want "sql-no-context"
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE users SET email = replace(email, $1, $2)`, from, to); err != nil { // want "sql-no-context"
		return err
	}
	return tx.Commit()
}

// ImportEmails prepares a statement locally; stmt comes from db.Prepare.
func (s *Store) ImportEmails(ctx context.Context, emails []string) error {
	stmt, err := s.db.Prepare(`INSERT INTO users(email) VALUES ($1)`) // want "sql-no-context"
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, e := range emails {
		if _, err := stmt.Exec(e); err != nil { // want "sql-no-context"
			return fmt.Errorf("import %s: %w", e, err)
		}
	}
	return nil
}

// Tx runs fn in a transaction, correctly.
func (s *Store) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Promote: ctx is available inside the literal through Promote.
func (s *Store) Promote(ctx context.Context, id int64) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE users SET role = 'admin' WHERE id = $1`, id) // want "sql-no-context"
		return err
	})
}

// ReplicaHealthy uses a local declared with the *sql.DB type.
func (s *Store) ReplicaHealthy(ctx context.Context, useReplica bool) error {
	var db *sql.DB
	if useReplica {
		db = s.replica
	} else {
		db = s.db
	}
	return db.Ping() // want "sql-no-context"
}

// 统计 has a non-ASCII identifier and an emoji comment before the finding.
func (s *Store) 统计(ctx context.Context) (int, error) {
	var 数量 int
	/* 📊 统计用户 */ err := s.db.QueryRow(`SELECT count(*) FROM users`).Scan(&数量) // want "sql-no-context"
	return 数量, err
}

// ---- negatives ----

// Close has nothing to do with ctx.
func (s *Store) Close() error {
	if err := s.insertUser.Close(); err != nil {
		return err
	}
	return s.db.Close()
}

// CountSlow has no ctx: unlike noctx, not flagged.
func (s *Store) CountSlow() (int, error) {
	var n int
	err := s.db.QueryRow(`SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// UserByEmail is the correct form.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	row := s.db.QueryRowContext(ctx, `SELECT id, email, created FROM users WHERE email = $1`, email)
	if err := row.Scan(&u.ID, &u.Email, &u.Created); err != nil {
		return nil, err
	}
	return &u, nil
}

// Vacuum uses a dedicated connection, correctly.
func (s *Store) Vacuum(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.PingContext(ctx); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM`)
	return err
}

// Batch uses the Context variants on a tx from BeginTx and a stmt from PrepareContext.
func (s *Store) Batch(ctx context.Context, emails []string) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO users(email) VALUES (@email)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, e := range emails {
		if _, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, sql.Named("email", e)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Stats reads pool statistics.
func (s *Store) Stats(ctx context.Context) sql.DBStats {
	s.db.SetMaxOpenConns(10)
	return s.db.Stats()
}
