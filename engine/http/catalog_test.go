package http_test

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// catalogModules are three modules to search: m1 (English, with a cover,
// a known license and an attribution), privacidad (Spanish, with a license
// id the catalog does not know) and access (English, no cover).
func catalogModules(tb testing.TB) catalog {
	desk := testModule(tb)
	desk.Topics, desk.EstimatedMinutes = []string{"Reference", "Customer service"}, 20
	desk.Cover, desk.CoverAlt = "media/diagram.svg", "The five steps of the interview"
	desk.License, desk.Attribution = "CC-BY-4.0", "Adapted from [ALA](https://www.ala.org/) by *Springfield PL*"

	privacy := testModule(tb)
	privacy.ID, privacy.Title, privacy.Language = "privacidad", "Privacidad del usuario", "es"
	privacy.Description, privacy.Topics = "Qué registros guarda la biblioteca.", []string{"Privacidad"}
	privacy.License = "LicenseRef-Springfield"

	access := testModule(tb)
	access.ID, access.Title, access.Description = "access", "Accessible services", "Serving patrons with disabilities."
	access.Topics, access.EstimatedMinutes = []string{"Customer service"}, 90
	return catalog{desk, privacy, access}
}

// withModules serves mods instead of the one test module.
func withModules(mods catalog) option {
	return func(s *setup) {
		s.Server = func(site *site) { site.Web.Delivery.Modules = mods }
	}
}

// cards returns the catalog's cards by module id.
func cards(doc *goquery.Document) map[string]*goquery.Selection {
	out := map[string]*goquery.Selection{}
	doc.Find("main .lode-card article").Each(func(_ int, a *goquery.Selection) {
		out[strings.TrimPrefix(attr(a, "aria-labelledby"), "module-")] = a
	})
	return out
}

func cardIDs(doc *goquery.Document) []string {
	var ids []string
	for id := range maps.Keys(cards(doc)) {
		ids = append(ids, id)
	}
	return ids
}

func TestCatalogCards(t *testing.T) {
	e := mustServe(t, withModules(catalogModules(t)))
	b := e.browser(t)
	doc := b.page(t, "/")
	checkLayout(t, doc)
	cs := cards(doc)
	if len(cs) != 3 {
		t.Fatalf("cards %v, want 3", cardIDs(doc))
	}
	if got := text(doc.Find("main [role=status]")); got != "3 modules" {
		t.Errorf("count %q", got)
	}

	t.Run("Cover", func(t *testing.T) {
		img := cs["m1"].Find("img.lode-card-cover")
		if attr(img, "src") != "/modules/m1/media/media/diagram.svg" || attr(img, "alt") != "The five steps of the interview" {
			t.Fatalf("cover %v", img.Nodes)
		}
		resp, err := b.Get(e.URL + attr(img, "src"))
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("the cover is served with %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if n := cs["access"].Find("img").Length(); n != 0 {
			t.Errorf("a module without a cover shows %d images", n)
		}
	})
	t.Run("Facts", func(t *testing.T) {
		want := map[string]string{"Time": "About 20 minutes", "CE hours": "1.5", "Steps": "3", "Language": "English",
			"Topics": "Reference, Customer service", "Your progress": "Not started"}
		if got := facts(cs["m1"]); !maps.Equal(got, want) {
			t.Errorf("facts %v, want %v", got, want)
		}
		if got := facts(cs["access"])["Time"]; got != "About 1 hour 30 minutes" {
			t.Errorf("90 minutes read %q", got)
		}
		topic := cs["m1"].Find(".lode-topics a").Last()
		if attr(topic, "href") != "/?topic=Customer+service" {
			t.Errorf("topic link %q → %q", text(topic), attr(topic, "href"))
		}
	})
	t.Run("Language", func(t *testing.T) {
		es := cs["privacidad"]
		if attr(es.Find("h2"), "lang") != "es" || attr(es.Find(".lode-card-description"), "lang") != "es" {
			t.Error("a Spanish module's title and description are not marked lang=es")
		}
		dd := es.Find("dt:contains('Language') + dd")
		if text(dd) != "Español" || attr(dd, "lang") != "es" {
			t.Errorf("language shown %q lang=%q", text(dd), attr(dd, "lang"))
		}
		opts := doc.Find("select#catalog-language option")
		if opts.Length() != 3 || attr(opts.Eq(2), "value") != "es" || text(opts.Eq(2)) != "Español" || attr(opts.Eq(2), "lang") != "es" {
			t.Errorf("language filter %q", text(opts))
		}
	})
	t.Run("RightsOfUse", func(t *testing.T) {
		rights := cs["m1"].Find(".lode-rights")
		lic := rights.Find(`a[rel="license"]`)
		if text(lic) != "Creative Commons Attribution 4.0" || attr(lic, "href") != "https://creativecommons.org/licenses/by/4.0/" {
			t.Errorf("license %q → %q", text(lic), attr(lic, "href"))
		}
		if text(rights) != "Rights of use: Creative Commons Attribution 4.0. Adapted from ALA by Springfield PL" ||
			attr(rights.Find(`a[href="https://www.ala.org/"]`), "href") == "" || rights.Find("em").Length() != 1 {
			t.Errorf("rights of use %q: want the license and the attribution's Markdown", text(rights))
		}
		if got := text(cs["privacidad"].Find(".lode-rights")); got != "Rights of use: LicenseRef-Springfield." {
			t.Errorf("an unknown license reads %q, want its id", got)
		}
		if n := cs["access"].Find(".lode-rights").Length(); n != 0 {
			t.Errorf("a module with no license or attribution shows rights of use")
		}
	})
	t.Run("LearnerState", func(t *testing.T) {
		action := func(doc *goquery.Document) string { return text(cards(doc)["m1"].Find(".lode-card-action a")) }
		if got := action(doc); got != "Start: Reference interviews" {
			t.Errorf("before starting the call to action is %q", got)
		}
		b.ping(t, "/modules/m1/objects/intro")
		doc := b.page(t, "/")
		if got := facts(cards(doc)["m1"])["Your progress"]; got != "50% complete" || action(doc) != "Continue: Reference interviews" {
			t.Errorf("midway: %q, %q", got, action(doc))
		}
		b.ping(t, "/modules/m1/objects/practice")
		doc = b.page(t, "/")
		if got := facts(cards(doc)["m1"])["Your progress"]; got != "Completed" || action(doc) != "Review: Reference interviews" {
			t.Errorf("completed: %q, %q", got, action(doc))
		}
		if got := facts(cards(doc)["access"])["Your progress"]; got != "Not started" {
			t.Errorf("another module says %q", got)
		}
	})
}

func TestCatalogSearch(t *testing.T) {
	e := mustServe(t, withModules(catalogModules(t)))
	b := e.browser(t)
	cases := []struct {
		name, query string
		want        []string // card ids, in catalog order
		count       string
	}{
		{"Title", "q=INTERVIEWS", []string{"m1"}, "1 module matches “INTERVIEWS”. Show all modules"},
		{"AccentsIgnored", "q=que+registros", []string{"privacidad"}, "1 module matches “que registros”. Show all modules"},
		{"Topic", "topic=customer+service", []string{"m1", "access"}, "2 modules in the topic “customer service”. Show all modules"},
		{"TopicSearched", "q=privacidad", []string{"privacidad"}, "1 module matches “privacidad”. Show all modules"},
		{"Language", "language=es", []string{"privacidad"}, "1 module in Español. Show all modules"},
		{"Combined", "q=patrons&topic=Customer+service", []string{"access"}, "1 module matches “patrons” in the topic “Customer service”. Show all modules"},
		{"NoMatch", "q=xyz", nil, "No modules match “xyz”. Show all modules"},
		{"UnknownTopic", "topic=Gone", nil, "No modules in the topic “Gone”. Show all modules"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := b.page(t, "/?"+c.query)
			var got []string
			doc.Find("main .lode-card article").Each(func(_ int, a *goquery.Selection) {
				got = append(got, strings.TrimPrefix(attr(a, "aria-labelledby"), "module-"))
			})
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("cards %v, want %v", got, c.want)
			}
			status := doc.Find("main [role=status]")
			if text(status) != c.count {
				t.Errorf("count %q, want %q", text(status), c.count)
			}
			if attr(status.Find("a"), "href") != "/" {
				t.Error("no link to clear the search")
			}
			if title := text(doc.Find("title")); !strings.HasPrefix(c.count, strings.TrimSuffix(title, " – Modules – Lode")) {
				t.Errorf("title %q does not say what was found", title)
			}
			form, _ := url.ParseQuery(c.query)
			if v := attr(doc.Find("#catalog-q"), "value"); v != form.Get("q") {
				t.Errorf("the search box holds %q, want %q", v, form.Get("q"))
			}
		})
	}
	t.Run("TopicSelected", func(t *testing.T) {
		doc := b.page(t, "/?topic=customer+service")
		if got := text(doc.Find("#catalog-topic option[selected]")); got != "Customer service" {
			t.Errorf("selected topic %q", got)
		}
		var topics []string
		doc.Find("#catalog-topic option").Each(func(_ int, o *goquery.Selection) { topics = append(topics, text(o)) })
		if got := strings.Join(topics, "|"); got != "All topics|Customer service|Privacidad|Reference" {
			t.Errorf("topics %q", got)
		}
	})
	t.Run("FormWorksWithoutScript", func(t *testing.T) {
		form := b.page(t, "/").Find("main form[role=search]")
		if attr(form, "method") != "get" || attr(form, "action") != "/" || form.Find(`button[type=submit]`).Length() != 1 {
			t.Errorf("search form %v", form.Nodes[0].Attr)
		}
		if attr(form.Find("#catalog-q"), "name") != "q" || form.Find(`label[for="catalog-q"]`).Length() != 1 {
			t.Error("the search box has no name or label")
		}
	})
}

// Bad search input is refused with a 400 naming the field.
func TestCatalogSearchRefused(t *testing.T) {
	e := mustServe(t, withModules(catalogModules(t)))
	b := e.browser(t)
	for _, c := range []struct{ query, field string }{
		{"q=" + strings.Repeat("x", 201), "q"},
		{"topic=" + strings.Repeat("é", 201), "topic"},
		{"q=%ff", "q"},
		{"language=not+a+language", "language"},
	} {
		resp, doc := b.get(t, "/?"+c.query)
		if msg := text(doc.Find("main")); resp.StatusCode != http.StatusBadRequest || !strings.Contains(strings.ToLower(msg), c.field+":") {
			t.Errorf("?%.40s: %d %q, want 400 naming %s", c.query, resp.StatusCode, msg, c.field)
		}
	}
}

// A visitor who only searches is a reader: no learner, session or
// registration is kept for them.
func TestCatalogVisitorWritesNothing(t *testing.T) {
	e := mustServe(t, withModules(catalogModules(t)))
	for _, q := range []string{"", "?q=desk", "?topic=Privacidad", "?language=es", "?q=nothing+matches", "?q=%ff"} {
		resp, err := http.Get(e.URL + "/" + q) // no cookie jar: every request is a newcomer
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode >= 500 || cookieNamed(resp, "lode_session") != nil || cookieNamed(resp, "lode_learner") != nil {
			t.Fatalf("GET /%s: %d, cookies %v", q, resp.StatusCode, resp.Cookies())
		}
	}
	for _, table := range []string{"learners", "registrations", "object_states", "statements"} {
		if n := e.countRows(t, table); n != 0 {
			t.Errorf("%d rows in %s after searching, want 0", n, table)
		}
	}
	if n := e.Sessions.created.Load(); n != 0 {
		t.Errorf("%d sessions created, want 0", n)
	}
}
