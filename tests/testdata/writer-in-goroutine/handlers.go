package writeringoroutine

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Server builds reports.
type Server struct {
	build func() map[string]int
	log   func(string)
}

// Report encodes the report after the handler has returned.
func (s *Server) Report(w http.ResponseWriter, r *http.Request) {
	go func() { // want "writer-in-goroutine: this goroutine uses the ResponseWriter w but the handler does not wait for it"
		data := s.build()
		_ = json.NewEncoder(w).Encode(data)
	}()
}

// Upload reads the body in a goroutine.
func (s *Server) Upload(w http.ResponseWriter, r *http.Request) {
	go func() { // want "writer-in-goroutine: uses the request r .*body is closed"
		b, _ := io.ReadAll(r.Body)
		s.log(string(b))
	}()
	w.WriteHeader(http.StatusAccepted)
}

// send writes a message.
func send(w io.Writer, msg string) { fmt.Fprintln(w, msg) }

// Passed hands w to a function run as a goroutine.
func (s *Server) Passed(w http.ResponseWriter, r *http.Request) {
	go send(w, "hello") // want "writer-in-goroutine"
}

// Method runs a method of w in the goroutine.
func (s *Server) Method(w http.ResponseWriter, r *http.Request) {
	go w.Write([]byte("late")) // want "writer-in-goroutine"
}

// Timeout waits, but on a timer the goroutine does not know about.
func (s *Server) Timeout(w http.ResponseWriter, r *http.Request) {
	go func() { // want "writer-in-goroutine: .*the ResponseWriter w and the request r"
		fmt.Fprintf(w, "path %s", r.URL.Path)
	}()
	<-time.After(time.Second)
}

// Routes registers a func literal handler.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/late", func(rw http.ResponseWriter, req *http.Request) {
		go func(out io.Writer) { // want "writer-in-goroutine: the ResponseWriter rw"
			fmt.Fprintln(out, "done")
		}(rw)
	})
}

// Slow waits for the client to go away, then returns while the goroutine may still
// write: the goroutine does not know the channel the handler receives from.
func (s *Server) Slow(w http.ResponseWriter, r *http.Request) {
	go func() { // want "writer-in-goroutine"
		_ = json.NewEncoder(w).Encode(s.build())
	}()
	<-r.Context().Done()
}

// Ignored names the request _: still a handler.
func (s *Server) Ignored(w http.ResponseWriter, _ *http.Request) {
	go fmt.Fprintln(w, "late") // want "writer-in-goroutine"
}
