module example.com/fixtures/test-context/go124

go 1.24
