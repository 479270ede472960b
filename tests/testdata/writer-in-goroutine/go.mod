module example.com/fixtures/writer-in-goroutine

go 1.27
