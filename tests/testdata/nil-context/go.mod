module example.com/fixtures/nil-context

go 1.27
