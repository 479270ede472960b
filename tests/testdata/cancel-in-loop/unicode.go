package cancelinloop

import (
	ctxpkg "context"
	"time"
)

// Überwacher prüft Dienste — Kommentare mit Umlauten vor dem Befund. 🔁
type Überwacher struct {
	dienste []string
	frist   time.Duration
}

// Prüfe: the alias of the context package is still the context package.
func (ü *Überwacher) Prüfe(eltern ctxpkg.Context, prüfen func(ctxpkg.Context, string) bool) int {
	gesund := 0
	for _, dienst := range ü.dienste {
		// 😀 pro Dienst ein eigener Kontext
		ctx, abbrechen := ctxpkg.WithTimeout(eltern, ü.frist)
		/* ✅? nein: erst am Funktionsende */ defer abbrechen() // want "cancel-in-loop: call to abbrechen"
		if prüfen(ctx, dienst) {
			gesund++
		}
	}
	return gesund
}
