package writeringoroutine

import (
	"fmt"
	nethttp "net/http"
)

// Begrüßung — ein Kommentar mit Umlauten und Emoji 👋 vor dem Befund.
type Begrüßung struct{ name string }

// ServeHTTP: the alias of net/http is still net/http.
func (b Begrüßung) ServeHTTP(antwort nethttp.ResponseWriter, anfrage *nethttp.Request) {
	/* 🚀 */ go fmt.Fprintf(antwort, "Grüß dich, %s", b.name) // want "writer-in-goroutine: .*antwort"
}
