package writeringoroutine

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// ---- not reported

// Waited uses a WaitGroup.
func (s *Server) Waited(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Fprintln(w, "from the goroutine")
	}()
	wg.Wait()
}

// DeferredWait waits in a defer placed before the go statement.
func (s *Server) DeferredWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Fprintln(w, r.URL.Path)
	}()
}

// Done waits on a channel the goroutine closes.
func (s *Server) Done(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fmt.Fprintln(w, "ok")
	}()
	<-done
}

// Results waits for the result in a select.
func (s *Server) Results(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	results := make(chan string, 1)
	go func() {
		if ctx.Err() == nil {
			results <- r.URL.Path
		}
	}()
	select {
	case res := <-results:
		fmt.Fprintln(w, res)
	case <-r.Context().Done():
	}
}

// group is an errgroup-like type with a Wait method.
type group struct{ wg sync.WaitGroup }

func (g *group) Go(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		f()
	}()
}

func (g *group) Wait() { g.wg.Wait() }

// Grouped waits with the group.
func (s *Server) Grouped(w http.ResponseWriter, r *http.Request) {
	var g group
	for i := 0; i < 3; i++ {
		go fmt.Fprintln(w, i)
		g.Wait()
	}
}

// Copied: the goroutine gets values computed before it starts.
func (s *Server) Copied(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	path := r.URL.Path
	go s.audit(ctx, path)
	go s.audit(r.Context(), r.URL.Path)
	w.WriteHeader(http.StatusAccepted)
}

func (s *Server) audit(ctx context.Context, path string) {
	if ctx.Err() == nil {
		s.log(path)
	}
}

// Shadowed: the literal's own w is another writer.
func (s *Server) Shadowed(w http.ResponseWriter, r *http.Request, logs io.Writer) {
	go func(w io.Writer) {
		fmt.Fprintln(w, "logged")
	}(logs)
	w.WriteHeader(http.StatusOK)
}

// NotAHandler takes only a writer: not a handler.
func NotAHandler(w http.ResponseWriter, msg string) {
	go fmt.Fprintln(w, msg)
}

// Nested: a go statement in a func literal nested in the handler is not analysed.
func (s *Server) Nested(w http.ResponseWriter, r *http.Request) {
	var once sync.Once
	once.Do(func() {
		go fmt.Fprintln(w, "nested")
	})
	var wg sync.WaitGroup
	wg.Wait()
}

// Unused: the goroutine uses neither w nor r.
func (s *Server) Unused(w http.ResponseWriter, r *http.Request) {
	go s.log("request seen")
	w.WriteHeader(http.StatusNoContent)
}

// cond waits on a condition variable: any Wait() counts.
func (s *Server) Cond(w http.ResponseWriter, r *http.Request) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		fmt.Fprintln(w, "ready")
		mu.Lock()
		ready = true
		c.Signal()
		mu.Unlock()
	}()
	mu.Lock()
	for !ready {
		c.Wait()
	}
	mu.Unlock()
}

// Fanout waits for every goroutine it starts.
func (s *Server) Fanout(w http.ResponseWriter, r *http.Request, parts []string) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintln(w, p)
		}()
	}
	wg.Wait()
}

// Batches waits at the top of each iteration: a wait in a loop around the go statement
// counts (the last goroutine is not waited for, but syntax cannot tell the first from the
// last iteration).
func (s *Server) Batches(w http.ResponseWriter, r *http.Request, parts []string) {
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Wait()
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Fprintln(w, p)
		}()
	}
	wg.Wait()
}

// DeferGroup waits with a deferred group Wait.
func (s *Server) DeferGroup(w http.ResponseWriter, r *http.Request) {
	var g group
	defer g.Wait()
	g.Go(func() { fmt.Fprintln(w, r.Method) })
}

// Watch: the goroutine only asks the request for its context, which is safe from any
// goroutine.
func (s *Server) Watch(w http.ResponseWriter, r *http.Request) {
	go func() {
		<-r.Context().Done()
		s.log("request over")
	}()
	w.WriteHeader(http.StatusAccepted)
}
