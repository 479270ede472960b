package sqlnocontext

import (
	"context"
	"database/sql"
	"testing"
)

// seedUsers is a test helper with a ctx parameter.
func seedUsers(ctx context.Context, t *testing.T, db *sql.DB, emails ...string) {
	t.Helper()
	for _, e := range emails {
		if _, err := db.Exec(`INSERT INTO users(email) VALUES ($1)`, e); err != nil { // want "sql-no-context"
			t.Fatalf("seed %s: %v", e, err)
		}
	}
}

func TestOpenUnknownDriver(t *testing.T) {
	db, err := sql.Open("no-such-driver", "")
	if err == nil {
		// Not reached without a registered driver; a test has no ctx parameter,
		// so this Exec is not flagged.
		_, _ = db.Exec(`SELECT 1`)
		seedUsers(t.Context(), t, db, "ada@example.com")
	}
}

func TestMemCache(t *testing.T) {
	c := &cacheLayer{db: &memDB{rows: map[string][]string{"k": {"v"}}}}
	got, err := c.Lookup(t.Context(), "k")
	if err != nil || len(got) != 1 || got[0] != "v" {
		t.Fatalf("Lookup = %v, %v", got, err)
	}
}
