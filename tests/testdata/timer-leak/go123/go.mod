module example.com/fixtures/timer-leak/go123

go 1.23
