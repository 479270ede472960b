module example.com/fixtures/context-first-param/allowlist

go 1.27
