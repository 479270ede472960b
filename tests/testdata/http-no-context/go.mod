module example.com/fixtures/http-no-context

go 1.27
