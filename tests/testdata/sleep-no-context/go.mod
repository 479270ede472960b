module example.com/fixtures/sleep-no-context

go 1.27
