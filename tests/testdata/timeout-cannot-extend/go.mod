module example.com/fixtures/timeout-cannot-extend

go 1.27
