package http_test

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/learning"
)

// editModules serves the catalog edit makes of the test module (m1, which
// edit may change) instead of m1 alone.
func editModules(edit func(m1 *learning.Module) catalog) option {
	return func(st *setup) {
		before := st.Server
		st.Server = func(s *site) {
			before(s)
			c := edit(s.Web.Delivery.Modules.(catalog)[0])
			s.Web.Delivery.Modules, s.Web.Certificates.Modules = c, c
		}
	}
}

// oneStep is a module of one required echo object.
func oneStep(id, title string) *learning.Module {
	return &learning.Module{ID: id, Title: title, Version: "1.0.0", Language: "en",
		Objects: []learning.Object{{ID: "only", Type: "echo", Title: "The only step", Required: true}}}
}

// linear is a linear module whose second step is optional: it must not
// hold back the third.
func linear(*learning.Module) catalog {
	return catalog{{ID: "lin", Title: "In order", Version: "1.0.0", Language: "en", Sequencing: learning.SequencingLinear,
		Objects: []learning.Object{
			{ID: "intro", Type: "echo", Title: "Welcome", Required: true},
			{ID: "aside", Type: "echo", Title: "An aside"},
			{ID: "practice", Type: "echo", Title: "Practice", Required: true},
			{ID: "wrap", Type: "echo", Title: "Wrapping up", Required: true},
		}}, oneStep("m2", "Weeding the collection")}
}

// stepStatuses is what a page's step list says of each step.
func stepStatuses(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find("li[data-lode-step]").Each(func(_ int, li *goquery.Selection) {
		out[attr(li, "data-lode-step")] = attr(li, "data-status")
	})
	return out
}

// stored counts what a learner's interactions leave behind.
func (e *env) stored(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"learners", "registrations", "object_states", "statements"} {
		out[table] = e.countRows(t, table)
	}
	return out
}

func TestLinearSequencing(t *testing.T) {
	e := mustServe(t, editModules(linear))
	b := e.browser(t)
	const practice = "/modules/lin/objects/practice"

	t.Run("LockedPage", func(t *testing.T) {
		resp, doc := b.get(t, practice)
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", resp.StatusCode)
		}
		checkLayout(t, doc)
		locked := doc.Find(".lode-locked")
		if got := text(locked); !strings.Contains(got, "Finish Welcome first") {
			t.Errorf("the locked page says %q", got)
		}
		if a := locked.Find("a"); attr(a, "href") != "/modules/lin/objects/intro" {
			t.Errorf("the locked page links to %q, want the step to finish", attr(a, "href"))
		}
		if doc.Find("[data-lode-object]").Length() != 0 {
			t.Error("a locked step's object was rendered")
		}
		want := map[string]string{"intro": "not started", "aside": "locked", "practice": "locked", "wrap": "locked"}
		if got := stepStatuses(doc); !maps.Equal(got, want) {
			t.Errorf("steps %v, want %v", got, want)
		}
		if n := doc.Find(`li[data-status="locked"] a`).Length(); n != 0 {
			t.Errorf("%d locked steps are links", n)
		}
		if cur := doc.Find(`li[data-lode-step="practice"] [aria-current="step"]`); text(cur) != "Practice, Locked" {
			t.Errorf("the current step says %q", text(cur))
		}
	})
	t.Run("VisitorEventRefused", func(t *testing.T) {
		csrf := csrfToken(t, b.page(t, "/modules/lin/objects/intro"))
		resp, body := b.event(t, practice, csrf, `{"type":"ping"}`)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(errorMessage(t, body), `finish "Welcome" first`) {
			t.Errorf("status %d, %v", resp.StatusCode, body)
		}
		if got := e.stored(t); got["learners"]+got["registrations"]+got["object_states"]+got["statements"] != 0 {
			t.Errorf("a visitor's refused event left %v", got)
		}
	})
	t.Run("NewcomerEventRefused", func(t *testing.T) {
		b.ping(t, "/modules/m2/objects/only") // a learner, who never opened this module
		csrf := csrfToken(t, b.page(t, "/modules/m2/objects/only"))
		before := e.stored(t)
		if resp, body := b.event(t, practice, csrf, `{"type":"ping"}`); resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, %v", resp.StatusCode, body)
		}
		if after := e.stored(t); !maps.Equal(after, before) {
			t.Errorf("a refused event registered the learner: %v, then %v", before, after)
		}
	})
	t.Run("LearnerEventRefused", func(t *testing.T) {
		csrf := csrfToken(t, b.page(t, "/modules/lin/objects/intro"))
		if resp, body := b.event(t, "/modules/lin/objects/intro", csrf, `{"type":"look"}`); resp.StatusCode != http.StatusOK {
			t.Fatalf("looking at the first step: %d %v", resp.StatusCode, body)
		}
		before := e.stored(t)
		resp, body := b.event(t, practice, csrf, `{"type":"ping"}`)
		if resp.StatusCode != http.StatusForbidden || errorMessage(t, body) != `"Practice" is locked: finish "Welcome" first` {
			t.Errorf("status %d, %v", resp.StatusCode, body)
		}
		form, doc := b.postForm(t, practice+"?event=ping", url.Values{"n": {"1"}})
		if form.StatusCode != http.StatusForbidden || !strings.Contains(text(doc.Find("main")), `finish "Welcome" first`) {
			t.Errorf("a form event to a locked step: status %d: %s", form.StatusCode, text(doc.Find("main")))
		}
		if after := e.stored(t); !maps.Equal(after, before) {
			t.Errorf("refused events changed the records: %v, then %v", before, after)
		}
	})
	t.Run("Unlocks", func(t *testing.T) {
		out := b.ping(t, "/modules/lin/objects/intro")
		got := map[string]string{}
		for _, s := range out["steps"].([]any) {
			s := s.(map[string]any)
			got[s["id"].(string)] = s["status"].(string)
			if s["url"] != "/modules/lin/objects/"+s["id"].(string) {
				t.Errorf("step %v has no URL for lode.js", s)
			}
		}
		want := map[string]string{"intro": "done", "aside": "not started", "practice": "not started", "wrap": "locked"}
		if !maps.Equal(got, want) {
			t.Errorf("after the first step, steps %v, want %v: an optional step locks nothing", got, want)
		}
		if doc := b.page(t, practice); text(doc.Find("h1")) != "Practice" {
			t.Errorf("the unlocked step shows %q", text(doc.Find("h1")))
		}
		resp, doc := b.get(t, "/modules/lin/objects/wrap")
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(text(doc.Find(".lode-locked")), "Finish Practice first") {
			t.Errorf("the last step: status %d, %q", resp.StatusCode, text(doc.Find(".lode-locked")))
		}
	})
}
