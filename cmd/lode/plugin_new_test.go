package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk/sdktest"
)

// TestPluginNewTutorial follows docs/plugins.md's tutorial, reading its
// commands from the page and running them literally: scaffold a content
// type outside the Lode tree, test it, build it into a plugin folder and
// see Lode serve an object of the new type.
func TestPluginNewTutorial(t *testing.T) {
	lode := mustLode(t)
	src, _ := filepath.Abs("../..")
	steps := tutorial(t)
	dir := t.TempDir()
	for _, line := range steps[:len(steps)-1] {
		args := strings.Fields(strings.ReplaceAll(line, "$LODE_SRC", src))
		switch args[0] {
		case "cd":
			dir = filepath.Join(dir, args[1])
		case "lode":
			sh(t, dir, lode, args[1:]...)
		default:
			sh(t, dir, args[0], args[1:]...)
		}
	}
	env := serveEnv(t, dir, steps[len(steps)-1])
	checkPluginSize(t, env)
	p := startLode(t, env...)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(p.url + "/modules/demo-sample/objects/first")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	doc := sdktest.ParseHTML(t, string(body))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("object page: %d\n%s", resp.StatusCode, sdktest.Text(doc))
	}
	legend := sdktest.FindAll(doc, "legend")
	if len(legend) == 0 || sdktest.Text(legend[0]) != "Which library service do you use most?" {
		t.Errorf("the demo object's question is not on its page:\n%s", sdktest.Text(doc))
	}
	if n := len(sdktest.FindAll(doc, "input")); n < 3 {
		t.Errorf("%d inputs on the page, want the demo's 3 radio buttons", n)
	}
}

// maxPluginSize bounds the scaffold's binary as the tutorial builds it,
// with a plain go build (issue 13; docs/PERFORMANCE.md, "Plugin binary
// size", says where the bytes go).
const maxPluginSize = 12 << 20

// checkPluginSize fails the test when the demo plugin the tutorial built
// into LODE_PLUGIN_DIR is over maxPluginSize.
func checkPluginSize(t *testing.T, env []string) {
	t.Helper()
	for _, kv := range env {
		if dir, ok := strings.CutPrefix(kv, "LODE_PLUGIN_DIR="); ok {
			fi, err := os.Stat(filepath.Join(dir, "lode-content-demo"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("lode-content-demo: %d bytes", fi.Size())
			if fi.Size() > maxPluginSize {
				t.Errorf("lode-content-demo is %d bytes, over the %d-byte (12 MiB) limit", fi.Size(), maxPluginSize)
			}
			return
		}
	}
	t.Fatal("the tutorial's lode serve line sets no LODE_PLUGIN_DIR")
}

// tutorial returns the command lines of the sh block that follows the
// "<!-- tutorial" marker in docs/plugins.md.
func tutorial(t *testing.T) []string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/plugins.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "<!-- tutorial")
	_, block, ok2 := strings.Cut(after, "```sh\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/plugins.md has no sh block after a <!-- tutorial marker")
	}
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if !strings.HasSuffix(lines[len(lines)-1], "lode serve") {
		t.Fatalf("the tutorial ends with %q, not with lode serve", lines[len(lines)-1])
	}
	return lines
}

// serveEnv turns the tutorial's "VAR=value ... lode serve" line into
// environment settings, with folders made absolute from dir.
func serveEnv(t *testing.T, dir, line string) []string {
	t.Helper()
	var env []string
	for _, f := range strings.Fields(line) {
		name, value, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		if !filepath.IsAbs(value) {
			value = filepath.Join(dir, value)
		}
		env = append(env, name+"="+value)
	}
	return env
}

// mustLode returns the lode binary built for these tests; tests that build
// plugins and run lode are skipped with -short.
func mustLode(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a plugin and runs lode")
	}
	lode, err := lodeBinary()
	if err != nil {
		t.Fatal(err)
	}
	return lode
}

// sh runs a tutorial command in dir as an author's shell would, with Go
// kept off the network and outside Lode's workspace: the new module stands
// alone, its modules coming from the local module cache.
func sh(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=file://"+goEnv(t, "GOMODCACHE")+"/cache/download")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func goEnv(t *testing.T, key string) string {
	t.Helper()
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func TestPluginNewRefuses(t *testing.T) {
	taken := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"NoName", []string{}, "usage: lode plugin new NAME"},
		{"Uppercase", []string{"Demo"}, `NAME "Demo"`},
		{"Keyword", []string{"func"}, "Go keyword"},
		{"NotTheSDK", []string{"demo", "-sdk", taken, "-dir", filepath.Join(taken, "x")}, "not the Lode SDK"},
		{"ExistingDir", []string{"demo", "-dir", taken}, "already exists"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(t.Context(), append([]string{"plugin", "new"}, tc.args...), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}
