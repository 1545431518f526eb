package http_test

import (
	"maps"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// checkLayout checks what every page has: language, title, a skip link to
// main as the first link, the header's links and one h1.
func checkLayout(t *testing.T, doc *goquery.Document) {
	t.Helper()
	if lang := attr(doc.Find("html"), "lang"); lang == "" {
		t.Error("<html> has no lang")
	}
	if text(doc.Find("title")) == "" {
		t.Error("no <title>")
	}
	first := doc.Find("a").First()
	if attr(first, "href") != "#main" || !strings.Contains(text(first), "Skip") {
		t.Errorf("first link is %q → %q, want a skip link to #main", text(first), attr(first, "href"))
	}
	if doc.Find("main#main").Length() != 1 {
		t.Error("want one <main id=main>")
	}
	if doc.Find(`header a[href="/"]`).Length() != 1 || doc.Find(`header a[href="/profile"]`).Length() != 1 {
		t.Error("the header should link to the catalog and the profile")
	}
	if n := doc.Find("h1").Length(); n != 1 {
		t.Errorf("%d <h1>, want 1", n)
	}
	if doc.Find("[style], style").Length() > 0 || doc.Find("script:not([src])").Length() > 0 {
		t.Error("inline styles or scripts: the CSP forbids them")
	}
}

func TestCatalog(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/")
	checkLayout(t, doc)

	card := doc.Find("main li article")
	if card.Length() != 1 {
		t.Fatalf("%d modules listed, want 1", card.Length())
	}
	if a := card.Find("h2 a"); attr(a, "href") != "/modules/m1" || text(a) != "Reference interviews" {
		t.Errorf("title link %q → %q", text(a), attr(a, "href"))
	}
	if text(card.Find(".lode-card-description > p > strong")) != "five steps" {
		t.Errorf("the description's Markdown was not rendered: %q", text(card.Find(".lode-card-description")))
	}
	wantFacts := map[string]string{"CE hours": "1.5", "Steps": "3", "Language": "English", "Your progress": "Not started"}
	if got := facts(card); !maps.Equal(got, wantFacts) {
		t.Errorf("facts %v, want %v", got, wantFacts)
	}
	callout := card.Find(`aside.lode-callout-tip[role=note]`)
	if text(callout.Find(".lode-callout-title")) != "Tip" || !strings.Contains(text(callout), "Keep a notebook at hand.") {
		t.Errorf("callout %q", text(callout))
	}
	bar := card.Find("progress")
	if attr(bar, "value") != "0" || !strings.Contains(attr(bar, "aria-label"), "Reference interviews") {
		t.Errorf("progress value=%q aria-label=%q", attr(bar, "value"), attr(bar, "aria-label"))
	}

	b.ping(t, "/modules/m1/objects/intro")
	doc = b.page(t, "/")
	if got := facts(doc.Find("main article"))["Your progress"]; got != "50% complete" {
		t.Errorf("after one of two required objects, progress says %q", got)
	}
}

// facts returns a description list's terms and descriptions.
func facts(s *goquery.Selection) map[string]string {
	out := map[string]string{}
	s.Find("dl dt").Each(func(_ int, dt *goquery.Selection) {
		out[text(dt)] = text(dt.Next())
	})
	return out
}

func TestObjectPage(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/modules/m1/objects/practice")
	checkLayout(t, doc)
	main := doc.Find("main")

	t.Run("Headings", func(t *testing.T) {
		if got := text(main.Find("h1")); got != "Practice" {
			t.Errorf("h1 %q", got)
		}
		if got := text(main.Find(".lode-module-title a")); got != "Reference interviews" {
			t.Errorf("module title %q", got)
		}
	})
	t.Run("Progress", func(t *testing.T) {
		if got := text(main.Find(".lode-progress p")); got != "Step 2 of 3 · 0% complete" {
			t.Errorf("progress text %q", got)
		}
		bar := main.Find("progress")
		if attr(bar, "aria-label") == "" || attr(bar, "max") != "100" || attr(bar, "value") != "0" {
			t.Errorf("progress bar %v", bar.Nodes[0].Attr)
		}
	})
	t.Run("Steps", func(t *testing.T) {
		nav := main.Find(`nav[aria-label="Module steps"]`)
		items := nav.Find("ol > li[data-lode-step]")
		want := []string{"Welcome, Not started", "Practice, Not started", "Going further, Not started, Optional"}
		if items.Length() != len(want) {
			t.Fatalf("%d steps, want %d", items.Length(), len(want))
		}
		items.Each(func(i int, li *goquery.Selection) {
			if got := text(li); got != want[i] {
				t.Errorf("step %d says %q, want %q", i+1, got, want[i])
			}
		})
		if cur := nav.Find(`a[aria-current="step"]`); cur.Length() != 1 || attr(cur, "href") != "/modules/m1/objects/practice" {
			t.Error("the current step should be the one link with aria-current=step")
		}
	})
	t.Run("Object", func(t *testing.T) {
		sec := main.Find("section[data-lode-object]")
		got := map[string]string{"object": attr(sec, "data-lode-object"), "module": attr(sec, "data-lode-module"),
			"type": attr(sec, "data-lode-type"), "state": attr(sec, "data-lode-state")}
		want := map[string]string{"object": "practice", "module": "m1", "type": "echo", "state": "null"}
		for k := range want {
			if got[k] != want[k] {
				t.Errorf("data-lode-%s = %q, want %q", k, got[k], want[k])
			}
		}
		if sec.Find(`form[data-lode-event="ping"] button`).Length() != 1 {
			t.Error("the plugin's form is missing")
		}
	})
	t.Run("LiveRegion", func(t *testing.T) {
		live := main.Find("[data-lode-feedback]")
		if attr(live, "role") != "status" || attr(live, "aria-live") != "polite" || attr(live, "tabindex") != "-1" {
			t.Errorf("live region %v", live.Nodes)
		}
	})
	t.Run("PrevNext", func(t *testing.T) {
		if attr(main.Find("a[rel=prev]"), "href") != "/modules/m1/objects/intro" ||
			attr(main.Find("a[rel=next]"), "href") != "/modules/m1/objects/extra" {
			t.Error("previous/next links are wrong")
		}
		if !strings.Contains(text(main.Find("a[rel=next]")), "Going further") {
			t.Error("the next link should name its step, for screen readers")
		}
	})
	t.Run("Assets", func(t *testing.T) {
		css := doc.Find(`link[rel=stylesheet]`).Map(func(_ int, s *goquery.Selection) string { return attr(s, "href") })
		js := doc.Find(`script[defer]`).Map(func(_ int, s *goquery.Selection) string { return attr(s, "src") })
		if !matchesAny(css, `^/assets/lode\.[0-9a-f]{8}\.css$`) || !matchesAny(css, `^/assets/plugins/echo/echo\.[0-9a-f]{8}\.css$`) {
			t.Errorf("stylesheets %v", css)
		}
		if !matchesAny(js, `^/assets/lode\.[0-9a-f]{8}\.js$`) {
			t.Errorf("scripts %v", js)
		}
	})
	t.Run("NoCompletionYet", func(t *testing.T) {
		if _, hidden := main.Find("[data-lode-complete]").Attr("hidden"); !hidden {
			t.Error("the completion notice shows before the module is complete")
		}
	})
}

func matchesAny(list []string, pattern string) bool {
	re := regexp.MustCompile(pattern)
	for _, s := range list {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func TestResume(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)

	t.Run("FirstVisit", func(t *testing.T) {
		doc := b.page(t, "/modules/m1")
		if got := text(doc.Find("h1")); got != "Welcome" {
			t.Errorf("a new learner starts at %q, want the first object", got)
		}
	})
	t.Run("WhereLeft", func(t *testing.T) {
		b.ping(t, "/modules/m1/objects/intro") // a learner now: a visitor's place is not kept
		b.page(t, "/modules/m1/objects/extra")
		doc := b.page(t, "/modules/m1")
		if got := text(doc.Find("h1")); got != "Going further" {
			t.Errorf("resumed at %q, want the last object visited", got)
		}
		if got := attr(doc.Find(`link[rel=canonical]`), "href"); got != e.URL+"/modules/m1/objects/extra" {
			t.Errorf("canonical %q", got)
		}
	})
	t.Run("UnknownModule", func(t *testing.T) {
		resp, doc := b.get(t, "/modules/nope")
		if resp.StatusCode != http.StatusNotFound || text(doc.Find("h1")) != "Page not found" {
			t.Errorf("status %d, h1 %q", resp.StatusCode, text(doc.Find("h1")))
		}
		if !strings.Contains(text(doc.Find("main")), `"nope"`) {
			t.Errorf("the page should say which module: %q", text(doc.Find("main")))
		}
	})
}

func TestModuleCompletion(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	first := b.ping(t, "/modules/m1/objects/intro")
	if first["module_completed"] != false {
		t.Errorf("one of two required objects completed the module")
	}
	last := b.ping(t, "/modules/m1/objects/practice")
	if last["module_completed"] != true {
		t.Fatalf("the last required object did not complete the module: %v", last)
	}
	doc := b.page(t, "/modules/m1/objects/extra")
	notice := doc.Find("[data-lode-complete]")
	if _, hidden := notice.Attr("hidden"); hidden || !strings.Contains(text(notice), "1.5 CE hours") {
		t.Errorf("completion notice hidden=%v text %q", hidden, text(notice))
	}
	if got := text(doc.Find(".lode-progress p")); got != "Step 3 of 3 · 100% complete" {
		t.Errorf("progress %q", got)
	}
	again := b.ping(t, "/modules/m1/objects/extra")
	if again["module_completed"] != false {
		t.Error("module_completed should be true once, when it happens")
	}
}

func TestErrorPages(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)

	t.Run("UnknownPath", func(t *testing.T) {
		resp, doc := b.get(t, "/no/such/page")
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d", resp.StatusCode)
		}
		checkLayout(t, doc)
		if cookieNamed(resp, "lode_session") != nil {
			t.Error("an unknown URL should not start a session")
		}
	})
	t.Run("UnknownObject", func(t *testing.T) {
		resp, doc := b.get(t, "/modules/m1/objects/nope")
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(text(doc.Find("main")), `"nope"`) {
			t.Errorf("status %d: %q", resp.StatusCode, text(doc.Find("main")))
		}
	})
	t.Run("JSONWhenAsked", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/modules/nope", nil)
		req.Header.Set("Accept", "application/json")
		resp, err := b.Do(req)
		must(t, err)
		defer resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 404 || !strings.HasPrefix(ct, "application/json") {
			t.Errorf("status %d, Content-Type %q", resp.StatusCode, ct)
		}
	})
}
