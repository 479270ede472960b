module example.com/fixtures/lostcancel

go 1.27
