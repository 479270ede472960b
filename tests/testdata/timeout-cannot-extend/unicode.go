package timeoutcannotextend

import (
	ctxpkg "context"
	tm "time"
)

// Frist — Kommentare mit Umlauten: äöü, 日本語, 🚀.
const Frist = tm.Minute

// Abgleich nutzt einen Alias für context und time.
func (s *Service) Abgleich(eltern ctxpkg.Context) error {
	kürzer, abbrechen := ctxpkg.WithTimeout(eltern, Frist)
	defer abbrechen()
	/* 🐢 */ länger, abbrechen2 := ctxpkg.WithTimeout(kürzer, 2*Frist) // want "timeout-cannot-extend: the 2m0s timeout"
	defer abbrechen2()
	return s.upload(länger)
}
