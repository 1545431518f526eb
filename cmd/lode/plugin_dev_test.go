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

// TestPluginDevRebuildsOnChange runs the workbench on a scaffolded content
// type, changes its HTML template on disk, and sees the next render of its
// object show the change.
func TestPluginDevRebuildsOnChange(t *testing.T) {
	lode := mustLode(t)
	sdkDir, _ := filepath.Abs("../../sdk")
	work := t.TempDir()
	demo := filepath.Join(work, "demo")
	sh(t, work, lode, "plugin", "new", "demo", "-sdk", sdkDir)
	sh(t, demo, "go", "mod", "tidy")

	port := freePort(t)
	cmd := exec.Command(lode, "plugin", "dev", "demo", "-addr", "127.0.0.1:"+port)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=file://"+goEnv(t, "GOMODCACHE")+"/cache/download",
		"LODE_BASE_URL=http://127.0.0.1:"+port, "LODE_DATA_DIR="+t.TempDir(),
		"LODE_CONFIG=", "LODE_DATABASE_URL=", "LODE_REDIS_URL=")
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("workbench logs:\n%s", logs.String())
		}
	})
	page := "http://127.0.0.1:" + port + "/modules/demo-sample/objects/first"
	client := &http.Client{Timeout: 10 * time.Second}
	render := func() string {
		resp, err := client.Get(page)
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
	waitFor(t, 60*time.Second, "the workbench to serve the demo object", func() bool {
		return strings.Contains(render(), ">Answer</button>")
	})
	tmpl := filepath.Join(demo, "demo.html")
	src, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmpl, []byte(strings.Replace(string(src), ">Answer</button>", ">Vote</button>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "the rebuilt plugin's render", func() bool {
		return strings.Contains(render(), ">Vote</button>")
	})
	if !strings.Contains(logs.String(), "rebuilt and restarted") {
		t.Errorf("the workbench did not say it rebuilt the plugin")
	}
}
