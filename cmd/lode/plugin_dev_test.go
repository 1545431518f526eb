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
)

// workbench is a running `lode plugin dev` on a scaffolded "demo" type.
type workbench struct {
	url  string // http://127.0.0.1:PORT
	demo string // the content type's folder
	logs *syncBuffer
}

// mustWorkbench scaffolds a "demo" content type in a temporary directory
// and runs the workbench on it until the test ends.
func mustWorkbench(t *testing.T) *workbench {
	t.Helper()
	lode := mustLode(t)
	sdkDir, _ := filepath.Abs("../../sdk")
	work := t.TempDir()
	w := &workbench{demo: filepath.Join(work, "demo"), logs: &syncBuffer{}}
	sh(t, work, lode, "plugin", "new", "demo", "-sdk", sdkDir)
	sh(t, w.demo, "go", "mod", "tidy")

	port := freePort(t)
	w.url = "http://127.0.0.1:" + port
	cmd := exec.Command(lode, "plugin", "dev", "demo", "-addr", "127.0.0.1:"+port)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=file://"+goEnv(t, "GOMODCACHE")+"/cache/download",
		"LODE_BASE_URL="+w.url, "LODE_DATA_DIR="+t.TempDir(),
		"LODE_CONFIG=", "LODE_DATABASE_URL=", "LODE_REDIS_URL=")
	cmd.Stdout, cmd.Stderr = w.logs, w.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("workbench logs:\n%s", w.logs.String())
		}
	})
	waitFor(t, 60*time.Second, "the workbench to serve the demo object", func() bool {
		return strings.Contains(w.get(w.url+"/modules/demo-sample/objects/first"), ">Answer</button>")
	})
	return w
}

// get returns the body of a 200 answer, "" for anything else.
func (w *workbench) get(url string) string {
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var b strings.Builder
	if resp.StatusCode == http.StatusOK {
		_, _ = io.Copy(&b, resp.Body)
	}
	return b.String()
}

// edit replaces old with new in one of the content type's files.
func (w *workbench) edit(t *testing.T, file, old, new string) {
	t.Helper()
	path := filepath.Join(w.demo, file)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(src), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPluginDevRebuildsOnChange runs the workbench on a scaffolded content
// type, changes its HTML template on disk, and sees the next render of its
// object show the change.
func TestPluginDevRebuildsOnChange(t *testing.T) {
	w := mustWorkbench(t)
	w.edit(t, "demo.html", ">Answer</button>", ">Vote</button>")
	waitFor(t, 60*time.Second, "the rebuilt plugin's render", func() bool {
		return strings.Contains(w.get(w.url+"/modules/demo-sample/objects/first"), ">Vote</button>")
	})
	// It says so once it sees the new process ready, which may be just
	// after that process served the render above.
	waitFor(t, 30*time.Second, "the workbench to say it rebuilt the plugin", func() bool {
		return strings.Contains(w.logs.String(), "rebuilt and restarted")
	})
}
