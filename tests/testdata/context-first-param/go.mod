module example.com/fixtures/context-first-param

go 1.27
