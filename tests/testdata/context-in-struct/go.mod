module example.com/fixtures/context-in-struct

go 1.27
