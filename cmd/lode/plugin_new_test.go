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

// TestPluginNewTutorial follows docs/plugins.md's tutorial command by
// command: scaffold a content type outside the Lode tree, test it, build
// it into a plugin folder and see Lode serve an object of the new type.
func TestPluginNewTutorial(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a plugin and runs lode")
	}
	lode, err := lodeBinary()
	if err != nil {
		t.Fatal(err)
	}
	sdkDir, _ := filepath.Abs("../../sdk")
	work := t.TempDir()
	demo := filepath.Join(work, "demo")
	sh(t, work, lode, "plugin", "new", "demo", "-sdk", sdkDir)
	sh(t, demo, "go", "mod", "tidy")
	sh(t, demo, "go", "test", "./...")
	sh(t, demo, "go", "build", "-o", "../plugins/", "./cmd/lode-content-demo")

	p := startLode(t, "LODE_PLUGIN_DIR="+filepath.Join(work, "plugins"), "LODE_CONTENT_DIR="+filepath.Join(demo, "example"))
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
