module example.com/fixtures/contextnotpassed

go 1.27
