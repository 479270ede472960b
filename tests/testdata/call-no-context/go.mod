module example.com/fixtures/call-no-context

go 1.27
