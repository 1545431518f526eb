package sdktest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Plugin is a plugin binary that a test binary builds once and shares
// between its tests. Building takes seconds, so build in TestMain, with
// Run, and the time is counted against no test or benchmark:
//
//	var quizPlugin = &sdktest.Plugin{Pkg: "./cmd/lode-content-quiz"}
//
//	func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, quizPlugin)) }
//
//	func TestProcess(t *testing.T) {
//		ct := sdktest.Process(t, quizPlugin.Path(t))
//		...
//	}
//
// A Plugin is safe for concurrent use.
type Plugin struct {
	// Pkg is the main package, as `go build` takes it, relative to the
	// test's package directory: "./cmd/lode-content-quiz".
	Pkg string

	once sync.Once
	dir  string
	path string
	err  error
}

// Build builds the plugin the first time it is called and returns the
// binary's path; later calls return the first call's result. It is for
// TestMain and for fixtures that start plugins lazily; tests use Path.
func (p *Plugin) Build() (string, error) {
	p.once.Do(func() {
		if p.dir, p.err = os.MkdirTemp("", "lode-sdktest-"); p.err != nil {
			return
		}
		p.path, p.err = BuildInto(p.dir, p.Pkg)
	})
	return p.path, p.err
}

// Path returns the binary's path, failing tb if it cannot be built. Built
// by Run it costs nothing; otherwise this test pays for the build.
func (p *Plugin) Path(tb testing.TB) string {
	tb.Helper()
	path, err := p.Build()
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

// Remove deletes the binary, if it was built.
func (p *Plugin) Remove() {
	if p.dir != "" {
		os.RemoveAll(p.dir)
	}
}

// Run builds every plugin, runs the tests and removes the binaries. It
// returns the exit code for os.Exit: m.Run's, or 1 without running any test
// when a build fails, whose output it writes to stderr.
func Run(m *testing.M, plugins ...*Plugin) int {
	defer func() {
		for _, p := range plugins {
			p.Remove()
		}
	}()
	for _, p := range plugins {
		if _, err := p.Build(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return m.Run()
}

// Build compiles the plugin main package at pkg (a path as `go build` takes
// it, relative to the test's package directory) into a temporary directory
// and returns the binary's path. Each call builds again, inside the calling
// test's time; a Plugin built by Run is usually what a test wants.
func Build(tb testing.TB, pkg string) string {
	tb.Helper()
	bin, err := BuildInto(tb.TempDir(), pkg)
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

// BuildInto builds pkg into dir and returns the binary's path. It is what
// Plugin and Build use, for a TestMain that manages its own directory.
func BuildInto(dir, pkg string) (string, error) {
	// Named after the package's folder, which "." alone would not give.
	abs, err := filepath.Abs(pkg)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, filepath.Base(abs))
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin, nil
}
