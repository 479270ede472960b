module example.com/fixtures/goroutine-no-context

go 1.27
