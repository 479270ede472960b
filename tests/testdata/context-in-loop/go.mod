module example.com/fixtures/context-in-loop

go 1.27
