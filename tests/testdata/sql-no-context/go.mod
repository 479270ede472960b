module example.com/fixtures/sql-no-context

go 1.27
