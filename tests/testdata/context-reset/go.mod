module example.com/fixtures/context-reset

go 1.27
