module example.com/fixtures/context-key-type

go 1.27
