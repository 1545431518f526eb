package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/module"
)

// Editing the sample module while a learner is midway (a required step
// added, one removed, the version raised) keeps their progress: the server
// serves the new version at once, the learner's completed steps and
// checklist ticks are still theirs, the removed step is gone from the
// module and from the progress bar, and the new one counts.
func TestEditingModuleKeepsProgress(t *testing.T) {
	srv := mustServe(t)
	l := newAPILearner(t, srv.URL)
	l.openObject(t, "welcome")
	l.event(t, "welcome", `{"type":"complete"}`)
	l.event(t, "interview", `{"type":"complete"}`)
	before := l.event(t, "first-shift", `{"type":"save","data":{"items":["tour","policy"],"note":["Legal questions"]}}`)
	// welcome, media-check, interview, first-shift and check are required
	// (have-your-say, the poll, is not);
	// check's mastery score is counted with it, once.
	if before.Progress.Satisfied != 2 || before.Progress.Required != 5 {
		t.Fatalf("before the edit: %d of %d done, want 2 of 5", before.Progress.Satisfied, before.Progress.Required)
	}

	edited := editSample(t)
	m, problems := module.Load(t.Context(), edited, srv.app.host)
	if m == nil {
		t.Fatalf("the edited module does not load: %v", problems)
	}
	srv.app.catalog.Replace(m)

	after := l.event(t, "welcome", `{"type":"complete"}`)
	if after.Progress.Satisfied != 1 || after.Progress.Required != 5 || after.Progress.Done {
		t.Fatalf("after the edit: %d of %d done, want 1 of 5 (welcome; interview removed, privacy-law added)",
			after.Progress.Satisfied, after.Progress.Required)
	}
	var ids []string
	status := map[string]string{}
	for _, s := range after.Steps {
		ids = append(ids, s.ID)
		status[s.ID] = s.Status
	}
	if got := strings.Join(ids, " "); got != "welcome media-check privacy-law first-shift check have-your-say" {
		t.Fatalf("steps after the edit: %s", got)
	}
	if status["welcome"] != "done" || status["privacy-law"] != "not started" || status["first-shift"] != "in progress" {
		t.Fatalf("step status after the edit: %v", status)
	}
	if code := l.get(t, sampleModule+"/objects/interview").StatusCode; code != http.StatusNotFound {
		t.Fatalf("the removed step answers %d, want 404", code)
	}
	ticked, note := l.checklist(t)
	if strings.Join(ticked, " ") != "tour policy" || note != "Legal questions" {
		t.Fatalf("checklist after the edit: ticked %v, note %q; want tour and policy, the note kept", ticked, note)
	}
	l.event(t, "privacy-law", `{"type":"complete"}`)
	reg, err := srv.app.store.db.FindRegistration(t.Context(), l.id(t), "reference-desk-basics")
	if err != nil {
		t.Fatal(err)
	}
	if reg.StartedVersion != "1.0.0" || reg.CompletedAt != nil {
		t.Fatalf("registration %+v: want started in 1.0.0, not completed", reg)
	}
}

// editSample copies the sample module to a temporary folder and edits it:
// the interview step removed, a required privacy-law page added before the
// checklist, the version raised to 1.1.0.
func editSample(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "reference-desk-basics")
	if err := os.CopyFS(dir, os.DirFS("../../content/reference-desk-basics")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, module.FileName)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	yaml := string(raw)
	start, end := strings.Index(yaml, "  - id: interview\n"), strings.Index(yaml, "  - id: first-shift\n")
	if start < 0 || end < start || !strings.Contains(yaml, "version: 1.0.0\n") {
		t.Fatal("the sample module.yaml no longer has the interview step before first-shift, or version 1.0.0")
	}
	added := "  - id: privacy-law\n    type: page\n    title: Privacy law in brief\n    config:\n      body: Circulation records are confidential.\n\n"
	yaml = yaml[:start] + added + yaml[end:]
	yaml = strings.Replace(yaml, "version: 1.0.0\n", "version: 1.1.0\n", 1)
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// apiLearner is a learner's browser driving the sample module through
// the API lode.js uses.
type apiLearner struct {
	base   string
	client *http.Client
	csrf   string
}

func newAPILearner(t *testing.T, base string) *apiLearner {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &apiLearner{base: base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (l *apiLearner) get(t *testing.T, path string) *http.Response {
	t.Helper()
	resp, err := l.client.Get(l.base + path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// openObject opens an object's page, keeping the session's CSRF token.
func (l *apiLearner) openObject(t *testing.T, id string) *goquery.Document {
	t.Helper()
	resp := l.get(t, objectPath(id))
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d, %v", objectPath(id), resp.StatusCode, err)
	}
	if token, ok := doc.Find(`meta[name="lode-csrf"]`).Attr("content"); ok && token != "" {
		l.csrf = token
	}
	return doc
}

// apiOutcome is what the test reads of the answer to an event.
type apiOutcome struct {
	Progress struct {
		Satisfied int  `json:"satisfied"`
		Required  int  `json:"required"`
		Done      bool `json:"done"`
	} `json:"progress"`
	Steps []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"steps"`
}

func (l *apiLearner) event(t *testing.T, object, body string) apiOutcome {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, l.base+"/api"+objectPath(object)+"/events", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", l.csrf)
	resp, err := l.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out apiOutcome
	if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &out) != nil {
		t.Fatalf("event on %s: %d %s", object, resp.StatusCode, raw)
	}
	return out
}

// checklist reads the ticked items and the note the checklist page shows.
func (l *apiLearner) checklist(t *testing.T) (ticked []string, note string) {
	t.Helper()
	doc := l.openObject(t, "first-shift")
	doc.Find(`[data-lode-object] input[name="items"][checked]`).Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		ticked = append(ticked, v)
	})
	return ticked, strings.TrimSpace(doc.Find(`[data-lode-object] textarea[name="note"]`).Text())
}

// id is the learner's id, from the lode_learner cookie (id.signature).
func (l *apiLearner) id(t *testing.T) string {
	t.Helper()
	u, _ := url.Parse(l.base + "/")
	for _, c := range l.client.Jar.Cookies(u) {
		if c.Name == "lode_learner" {
			id, _, _ := strings.Cut(c.Value, ".")
			return id
		}
	}
	t.Fatal("the learner has no lode_learner cookie")
	return ""
}
