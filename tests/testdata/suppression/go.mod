module example.com/fixtures/suppression

go 1.27
