package schemaform_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/engine/schemaform"
)

// TestExternalContentType makes a content type with `lode plugin new`, as
// docs/plugins.md's tutorial does, starts it through the real plugin host
// and edits one of its objects with the form generated from the schema it
// publishes: no editor code knows the type. Invalid input is refused next
// to the field, in the words of the schema check and of the plugin's own.
func TestExternalContentType(t *testing.T) {
	plugin := buildDemoPlugin(t) // before any timer: the builds take a while
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	host, err := pluginhost.Start(ctx, pluginhost.Config{}, []pluginhost.Spec{{Name: "demo", Path: plugin}})
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	d, err := host.Describe(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	f, err := schemaform.New(d.ConfigSchema)
	if err != nil {
		t.Fatal(err)
	}
	value := json.RawMessage(`{"question": "Which service?", "options": ["Loans", "Wi-Fi"]}`)
	html := f.Render(value, nil, "cfg.")
	form := post(t, html, "")
	got, problems := f.Decode(form, "cfg.")
	sameJSON(t, got, value)
	if problems != nil {
		t.Fatal(problems)
	}

	// Add an option with the buttons, as a user without scripts would.
	r := f.DecodeResult(post(t, html, "add:options"), "cfg.")
	form = post(t, f.Render(r.Value, nil, "cfg."), "")
	set(t, form, "cfg.question", "  ")
	set(t, form, "cfg.options.2", "Loans")
	got, problems = f.Decode(form, "cfg.")
	own, err := host.Validate(ctx, "demo", got)
	if err != nil {
		t.Fatal(err)
	}
	problems = schemaform.Prefer(schemaform.FromSDK(own), problems, f.Validate(got))
	doc := parse(t, f.Render(got, problems, "cfg."))
	for name, want := range map[string]string{
		"cfg.question":  `"question" must not be blank`,
		"cfg.options.2": `"Loans" is listed twice`,
	} {
		input := doc.Find(`[name="` + name + `"]`)
		if v, _ := input.Attr("aria-invalid"); v != "true" {
			t.Errorf("%s: not marked invalid", name)
		}
		id, _ := input.Attr("id")
		if msg := doc.Find("#" + escapeID(id+"-error")).Text(); !strings.Contains(msg, want) {
			t.Errorf("%s: inline error %q, want %q (problems %v)", name, msg, want, problems)
		}
	}
	if n := doc.Find(".sf-summary li").Length(); n != 2 {
		t.Errorf("%d problems in the summary, want 2: %v", n, problems)
	}
}

// buildDemoPlugin runs the tutorial's steps in a temporary folder: build
// lode, `lode plugin new demo`, build the plugin, outside Lode's
// workspace as an author would.
func buildDemoPlugin(t *testing.T) string {
	t.Helper()
	src, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lode := filepath.Join(dir, "lode")
	run(t, src, nil, "go", "build", "-o", lode, "./cmd/lode")
	run(t, dir, nil, lode, "plugin", "new", "demo", "-sdk", filepath.Join(src, "sdk"))
	// -mod=mod in place of the tutorial's go mod tidy: it fetches only
	// what the build needs, not every test dependency of every module.
	env := []string{"GOWORK=off", "GOFLAGS=-mod=mod"}
	bin := filepath.Join(dir, "bin", "lode-content-demo")
	run(t, filepath.Join(dir, "demo"), env, "go", "build", "-o", bin, "./cmd/lode-content-demo")
	return bin
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}
