package callnocontext

import (
	"context"
	"net/http"
	"os/exec"
	"strings"
)

// Builder runs the go tool for a request.
type Builder struct {
	dir string
}

// Compile ignores its ctx: the build keeps running after the caller gave up.
func (b *Builder) Compile(ctx context.Context, pkg string) ([]byte, error) {
	cmd := exec.Command("go", "build", pkg) // want "call-no-context: exec.Command .*CommandContext"
	cmd.Dir = b.dir
	return cmd.CombinedOutput()
}

// Version derives a timeout; the fix uses the derived context.
func (b *Builder) Version(ctx context.Context, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5e9)
	defer cancel()
	out, err := exec.Command("go", append([]string{"version"}, args...)...).Output() // want "call-no-context"
	return strings.TrimSpace(string(out)), err
}

// ServeHTTP has r.Context().
func (b *Builder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	out, err := exec.Command("go", "env", "GOROOT").Output() // want "call-no-context"
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(out)
}

// Later uses a func literal: ctx is available inside it too.
func (b *Builder) Later(ctx context.Context) func() error {
	return func() error {
		return exec.Command("go", "vet").Run() // want "call-no-context"
	}
}

// Fine: CommandContext already.
func (b *Builder) Test(ctx context.Context) error {
	return exec.CommandContext(ctx, "go", "test").Run()
}

// Setup has no ctx: nothing to pass.
func Setup(dir string) error {
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	return cmd.Run()
}

// Ignored names its ctx _: it declares that it ignores it.
func (b *Builder) Ignored(_ context.Context) error {
	return exec.Command("true").Run()
}

// Local born context: a local ctx does not make one available.
func Local() error {
	ctx := context.Background()
	_ = ctx
	return exec.Command("true").Run()
}

// Nil guard: CommandContext panics on a nil ctx, so the else branch must not use it.
func (b *Builder) Maybe(ctx context.Context, name string) *exec.Cmd {
	if ctx != nil {
		return exec.CommandContext(ctx, name)
	} else {
		return exec.Command(name)
	}
}
