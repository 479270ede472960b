module example.com/fixtures/timer-leak/go122

go 1.22
