package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// tryDraft takes the draft as a learner would in the editor's live
// preview (issue 16): it answers the quiz and sees its score, ticks the
// checklist, reaches completion and the summary, and finds no row added
// to the tables a learner's progress goes to.
func tryDraft(t *testing.T, srv *lodeServer, dbURL string, ann *adminBrowser, draft string) {
	before := progressRows(t, srv, dbURL)
	if ann.doc(t, draft+"/preview").Find(`section.preview a[href="`+draft+`/try/objects/check"]`).Length() != 1 {
		t.Error("the preview does not offer to take the quiz as a learner")
	}
	doc := ann.doc(t, draft+"/try")
	section := doc.Find("section[data-lode-object]")
	if section.AttrOr("data-lode-object", "") != "welcome" || !strings.Contains(doc.Find(".lode-preview-note").Text(), "nothing done here is recorded") {
		t.Fatalf("the tryout starts at %q: %s", section.AttrOr("data-lode-object", ""), doc.Find("body").Text())
	}
	if doc.Find(`script[src^="/assets/lode"]`).Length() != 1 || doc.Find(`meta[name=lode-csrf]`).AttrOr("content", "") != ann.csrf {
		t.Fatal("the tryout page lacks lode.js or the admin session's CSRF token")
	}
	if next := doc.Find("a.lode-next").AttrOr("href", ""); next != draft+"/try/objects/check" {
		t.Fatalf("next step: %q", next)
	}
	ann.event(t, draft+"/try/objects/welcome/events", `{"type":"complete","data":{}}`, http.StatusOK) // Mark as read

	doc = ann.doc(t, draft+"/try/objects/check")
	if doc.Find(`link[rel=stylesheet][href^="/assets/plugins/quiz/"]`).Length() == 0 {
		t.Error("the quiz's stylesheet is not on its tryout page")
	}
	endpoint := doc.Find("section[data-lode-object]").AttrOr("data-lode-endpoint", "")
	if endpoint != draft+"/try/objects/check/events" {
		t.Fatalf("the quiz's endpoint: %q", endpoint)
	}
	html, _ := doc.Find("section[data-lode-object]").Html()
	var body map[string]any
	for range 6 {
		body = ann.event(t, endpoint, quizAnswers(t, html), http.StatusOK)
		if r, ok := body["result"].(map[string]any); ok && r["score"] != nil {
			break
		}
		html, _ = body["html"].(string)
	}
	score, _ := body["result"].(map[string]any)["score"].(map[string]any)
	if score == nil || score["scaled"] != 1.0 {
		t.Fatalf("the quiz's result: %v", body["result"])
	}
	if progress := body["progress"].(map[string]any); progress["percent"].(float64) <= 0 {
		t.Errorf("progress after the quiz: %v", progress)
	}

	body = ann.event(t, draft+"/try/objects/tasks/events", `{"type":"save","data":{"items":["policy","notice"]}}`, http.StatusOK)
	if body["module_completed"] != true {
		t.Fatalf("ticking the checklist did not complete the module: %v", body)
	}
	summary := ann.doc(t, draft+"/try/summary")
	if _, done := summary.Find(".lode-summary-result").Attr("data-completed"); !done || summary.Find(`a[href$="/certificate"]`).Length() > 0 {
		t.Fatalf("the tryout's summary: %s", summary.Find("main").Text())
	}
	// An event without the session's token is refused.
	ann.event(t, endpoint, `{"type":"submit","data":{}}`, http.StatusForbidden, "forged")

	if after := progressRows(t, srv, dbURL); !maps.Equal(after, before) {
		t.Fatalf("rows before the tryout %v, after %v: it recorded something", before, after)
	}
	// Starting again forgets the answers.
	ann.submit(t, draft+"/try/restart", url.Values{}, http.StatusSeeOther)
	if s := ann.doc(t, draft+"/try/summary"); s.Find(".lode-summary-result[data-completed]").Length() > 0 {
		t.Fatal("after starting again the tryout is still completed")
	}
	// So does a new revision of the draft.
	ann.event(t, draft+"/try/objects/welcome/events", `{"type":"complete","data":{}}`, http.StatusOK)
	ann.submit(t, draft+"/objects/2", url.Values{"config_yaml": {checklistYAML}, "revision": {ann.revision(t, draft)}}, http.StatusSeeOther)
	if status := ann.doc(t, draft+"/try/summary").Find(`tr[data-lode-step=welcome]`).AttrOr("data-status", ""); status != "not started" {
		t.Fatalf("after a save the page read before is %q in the tryout, want it fresh", status)
	}
}

// quizAnswers is the quiz's event for the question(s) the fragment shows,
// answered right, going on (or submitting on the last) when it shows one
// question a screen.
func quizAnswers(t *testing.T, html string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	form := doc.Find("form[data-lode-event]").First()
	data := map[string][]string{}
	form.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		name, value := in.AttrOr("name", ""), in.AttrOr("value", "")
		switch in.AttrOr("type", "text") {
		case "text":
			data[name] = []string{"70"}
		case "radio", "checkbox":
			if value == "library" || value == "true" {
				data[name] = append(data[name], value)
			}
		}
	})
	switch nav := form.Find(`button[name="quiz.go"]`); { // a quiz of one question a screen
	case nav.Filter("[value=submit]").Length() > 0:
		data["quiz.go"] = []string{"submit"}
	case nav.Length() > 0:
		data["quiz.go"] = []string{"next"}
	}
	out, _ := json.Marshal(map[string]any{"type": form.AttrOr("data-lode-event", ""), "data": data, "rerender": true})
	return string(out)
}

// event posts one event as lode.js does, with the CSRF token in its
// header (a's own unless given), and returns the JSON answer.
func (a *adminBrowser) event(t *testing.T, path, body string, want int, token ...string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.base+path, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", append(token, a.csrf)[0])
	resp, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d: %s", path, resp.StatusCode, want, raw)
	}
	var out map[string]any
	_ = json.Unmarshal(raw, &out) // an error page is not JSON; the status said enough
	return out
}

// progressRows counts the rows of the tables a learner's progress adds to.
func progressRows(t *testing.T, srv *lodeServer, dbURL string) map[string]int {
	t.Helper()
	driver, dsn := "sqlite", "file:"+filepath.Join(srv.DataDir, "lode.db")
	if dbURL != "" {
		driver, dsn = "postgres", dbURL
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]int{}
	for _, table := range []string{"learners", "registrations", "object_states", "statements"} {
		var n int
		if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}
