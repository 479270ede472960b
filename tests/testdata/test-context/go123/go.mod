module example.com/fixtures/test-context/go123

go 1.23
