module example.com/fixtures/cancel-in-loop

go 1.27
