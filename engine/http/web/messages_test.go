package web

import (
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/i18n"
)

// messageUse finds the message ids the pages use: {{t "id"}}, {{tn "id"
// …}} and {{th "id" …}} in templates, loc.T("id") and loc.N("id", …) in
// Go. Ids built at run time (error.404) are checked by the HTTP tests.
var messageUse = regexp.MustCompile(`(?:\{\{-? ?|\()(?:t|tn|th) "([^"]+)"|\.(?:T|N)\("([^"]+)"[,)]`)

// Every message a template or handler names is in the English catalog
// (and so, as i18n.Load checks, in every other).
func TestMessagesExist(t *testing.T) {
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := catalog.IDs()
	files, err := filepath.Glob("templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	goFiles, _ := filepath.Glob("*.go")
	for _, f := range goFiles {
		if !strings.HasSuffix(f, "_test.go") {
			files = append(files, f)
		}
	}
	found := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range messageUse.FindAllStringSubmatch(string(src), -1) {
			id := m[1] + m[2]
			found++
			if !slices.Contains(ids, id) {
				t.Errorf("%s uses the message %q, which the catalog does not have", name, id)
			}
		}
	}
	if found < 100 {
		t.Errorf("found only %d uses of messages: has the syntax changed?", found)
	}
}

// th keeps the catalog's markup and escapes what fills it.
func TestMessageWithMarkup(t *testing.T) {
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	th := messageFuncs(catalog.ForModule("es"))["th"].(func(string, ...any) template.HTML)
	got := string(th("profile.verified_html", "Email", `<img src=x onerror=alert(1)>@library.org`))
	if !strings.Contains(got, `&lt;img src=x onerror=alert(1)&gt;@library.org`) || !strings.Contains(got, `<a href="/signin">inicie sesión</a>`) {
		t.Errorf("th gave %s", got)
	}
}
