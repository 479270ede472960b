// Command migrate: main has no ctx parameter, so nothing is flagged.
package main

import (
	"context"
	"database/sql"
	"log"
	"os"

	sqlnocontext "example.com/fixtures/sql-no-context"
)

const schema = `CREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, email TEXT)`

func main() {
	db, err := sql.Open("postgres", os.Getenv("DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		log.Print(err)
		return
	}
	if _, err := db.Exec(schema); err != nil {
		log.Print(err)
		return
	}
	// A local ctx in main does not make ctx available.
	ctx := context.Background()
	if err := sqlnocontext.Migrate(ctx, os.Getenv("DSN"), nil); err != nil {
		log.Print(err)
		return
	}
	if _, err := db.Exec(`VACUUM`); err != nil {
		log.Print(err)
	}
}
