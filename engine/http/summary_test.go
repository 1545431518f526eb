package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/learning"
)

// threeModules is m1 with two one-step modules after it in the catalog.
func threeModules(m1 *learning.Module) catalog {
	return catalog{m1, oneStep("m2", "Weeding the collection"), oneStep("m3", "Story time")}
}

// summaryRows is each step's row of the summary: title, status and score.
func summaryRows(doc *goquery.Document) []string {
	var out []string
	doc.Find("main tbody tr").Each(func(_ int, tr *goquery.Selection) {
		out = append(out, text(tr.Find("th"))+" | "+text(tr.Find("td").Eq(0))+" | "+text(tr.Find("td").Eq(1)))
	})
	return out
}

func nextSuggested(doc *goquery.Document) string {
	return attr(doc.Find("[data-lode-next-module]"), "href")
}

func TestSummary(t *testing.T) {
	e := mustServe(t, editModules(threeModules))

	t.Run("Visitor", func(t *testing.T) {
		doc := e.browser(t).page(t, "/modules/m1/summary")
		checkLayout(t, doc)
		main := doc.Find("main")
		if got := text(main.Find(".lode-summary-result h2")); got != "Not completed yet" {
			t.Errorf("result %q", got)
		}
		if got := facts(main)["CE hours earned"]; got != "0 of 1.5, on completion" {
			t.Errorf("CE hours %q", got)
		}
		want := []string{"Welcome | Not started | None", "Practice | Not started | None", "Going further Optional | Not started | None"}
		if got := summaryRows(doc); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if main.Find(`a[href$="/certificate"]`).Length() != 0 {
			t.Error("a certificate link before completing")
		}
		if got := nextSuggested(doc); got != "/modules/m2" {
			t.Errorf("next suggested %q, want m2", got)
		}
		if main.Find(`a[href="/"]`).Length() != 1 {
			t.Error("no way back to all modules")
		}
		if got := e.stored(t); got["learners"]+got["registrations"] != 0 || e.Sessions.created.Load() != 0 {
			t.Errorf("a visitor's summary wrote %v and %d sessions", got, e.Sessions.created.Load())
		}
	})

	b := e.browser(t)
	b.ping(t, "/modules/m2/objects/only")
	b.ping(t, "/modules/m1/objects/intro")
	b.ping(t, "/modules/m1/objects/practice")
	t.Run("Completed", func(t *testing.T) {
		doc := b.page(t, "/modules/m1/summary")
		main := doc.Find("main")
		if got := text(main.Find(".lode-summary-result")); !strings.HasPrefix(got, "Module complete You completed Reference interviews on ") {
			t.Errorf("result %q", got)
		}
		if got := facts(main)["CE hours earned"]; got != "1.5" {
			t.Errorf("CE hours %q", got)
		}
		want := []string{"Welcome | Done | 100%", "Practice | Done | 100%", "Going further Optional | Not started | None"}
		if got := summaryRows(doc); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if main.Find(`a[href="/profile"]`).Length() != 1 || main.Find(`a[href="/modules/m1/certificate"]`).Length() != 1 {
			t.Errorf("without a name, the certificate section should link to the profile and the certificate: %q", text(main))
		}
		if got := nextSuggested(doc); got != "/modules/m3" {
			t.Errorf("next suggested %q, want m3: m2 is completed", got)
		}
	})
	t.Run("Named", func(t *testing.T) {
		csrf := csrfToken(t, b.page(t, "/profile"))
		if resp, _ := b.postForm(t, "/profile", url.Values{"csrf_token": {csrf}, "name": {"Ada Lovelace"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving the name: %d", resp.StatusCode)
		}
		main := b.page(t, "/modules/m1/summary").Find("main")
		if main.Find(`a[href="/profile"]`).Length() != 0 || main.Find(`a[href="/modules/m1/certificate"]`).Length() != 1 {
			t.Errorf("with a name, the certificate section should link to the certificate alone: %q", text(main))
		}
	})
	t.Run("NothingNext", func(t *testing.T) {
		b.ping(t, "/modules/m3/objects/only")
		doc := b.page(t, "/modules/m1/summary")
		if got := nextSuggested(doc); got != "" || !strings.Contains(text(doc.Find("main")), "You have completed every other module") {
			t.Errorf("with every other module completed, next suggested %q", got)
		}
	})
	t.Run("UnknownModule", func(t *testing.T) {
		if resp, _ := b.get(t, "/modules/nope/summary"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

// TestPlayerLinksToSummary: after the last step comes the summary: Next,
// the step list's last entry and the completion notice lead there.
func TestPlayerLinksToSummary(t *testing.T) {
	e := mustServe(t)
	doc := e.browser(t).page(t, "/modules/m1/objects/extra")
	if a := doc.Find(".lode-pager a[rel=next]"); attr(a, "href") != "/modules/m1/summary" || text(a) != "Next: Summary" {
		t.Errorf("the last step's Next: %q → %q", text(a), attr(a, "href"))
	}
	if last := doc.Find(".lode-steps ol > li").Last(); attr(last.Find("a"), "href") != "/modules/m1/summary" || text(last) != "Summary" {
		t.Errorf("the step list ends with %q", text(last))
	}
	if doc.Find(`[data-lode-complete] a[href="/modules/m1/summary"]`).Length() != 1 {
		t.Error("the completion notice does not link to the summary")
	}
	if got := text(doc.Find("[data-lode-steps] > summary")); got != "Steps: 0 of 3 done" {
		t.Errorf("the step list's disclosure says %q", got)
	}
}

// TestResumeState: the module's address takes the learner back to the step
// they were last on, with its state.
func TestResumeState(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	b.ping(t, "/modules/m1/objects/practice")
	b.page(t, "/modules/m1/objects/extra")
	b.page(t, "/modules/m1/objects/practice")
	doc := b.page(t, "/modules/m1")
	if got := text(doc.Find("h1")); got != "Practice" {
		t.Errorf("resumed at %q, want the last step visited", got)
	}
	if got := text(doc.Find("[data-lode-object] p")); got != `Practice: {"Count":1}` {
		t.Errorf("resumed with %q, want the step's state", got)
	}
	if got := attr(doc.Find(`link[rel=canonical]`), "href"); got != e.URL+"/modules/m1/objects/practice" {
		t.Errorf("canonical %q", got)
	}
	if got := text(e.browser(t).page(t, "/modules/m1").Find("h1")); got != "Welcome" {
		t.Errorf("someone else starts at %q, want the first step", got)
	}
}
