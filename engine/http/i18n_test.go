package http_test

import (
	"context"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/credential/credentialtest"
)

// speaking makes b send Accept-Language: lang with every request, as a
// browser set to that language does.
func (b *browser) speaking(lang string) *browser {
	next := b.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	b.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.Header.Set("Accept-Language", lang)
		return next.RoundTrip(r)
	})
	return b
}

// moduleLanguage serves the test module in lang, set before the server
// starts.
func moduleLanguage(lang string) option {
	return func(st *setup) {
		st.Server = func(s *site) {
			m, err := s.Web.Delivery.Modules.Module("m1")
			if err != nil {
				panic(err) // the test module is always there
			}
			m.Language = lang
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// messageID is what a page shows where a message is missing: its id
// (i18n.Locale.T gives it back), such as profile.title.
var messageID = regexp.MustCompile(`\b(?:date|month|common|layout|profile|signin|field|erased|records|certificate|verify|error|mail|step|catalog|summary|language)\.[a-z0-9_.]+[a-z0-9_]\b`)

// checkLanguage fails unless the page is in lang throughout: its lang
// attribute, no message id left untranslated, and want in its <h1>.
func checkLanguage(t *testing.T, name string, doc *goquery.Document, lang, h1 string) {
	t.Helper()
	if got := attr(doc.Find("html"), "lang"); got != lang {
		t.Errorf("%s: <html lang=%q>, want %q", name, got, lang)
	}
	if got := text(doc.Find("h1").First()); got != h1 {
		t.Errorf("%s: <h1> %q, want %q", name, got, h1)
	}
	if id := messageID.FindString(doc.Text()); id != "" {
		t.Errorf("%s: the message %s is missing", name, id)
	}
	var title string
	doc.Find("title").Each(func(_ int, s *goquery.Selection) { title = s.Text() })
	if id := messageID.FindString(title); id != "" {
		t.Errorf("%s: the title's message %s is missing", name, id)
	}
}

// Every page outside a module, in both languages, by the browser's
// Accept-Language.
func TestPagesInBrowserLanguage(t *testing.T) {
	e := mustServe(t)
	pages := []struct {
		path, en, es string
		status       int
	}{
		{"/profile", "Your profile", "Su perfil", 200},
		{"/signin", "Sign in", "Iniciar sesión", 200},
		{"/signin/link?token=abc", "Sign in", "Iniciar sesión", 200},
		{"/records", "Your records", "Sus registros", 200},
		{"/verify", "Verify a certificate", "Verificar un certificado", 200},
		{"/verify/0000-0000-0000", "Verify a certificate", "Verificar un certificado", 404},
		{"/profile/erased", "Your data was erased", "Se borraron sus datos", 200},
		{"/no/such/page", "Page not found", "No se encontró la página", 404},
	}
	for _, lang := range []struct{ header, want string }{{"en-US,en;q=0.9", "en"}, {"es-MX,es;q=0.9,en;q=0.5", "es"}, {"fr, es;q=0.5", "es"}, {"", "en"}} {
		b := e.browser(t).speaking(lang.header)
		for _, p := range pages {
			resp, doc := b.get(t, p.path)
			if resp.StatusCode != p.status {
				t.Fatalf("%s in %q: status %d, want %d", p.path, lang.header, resp.StatusCode, p.status)
			}
			h1 := p.en
			if lang.want == "es" {
				h1 = p.es
			}
			checkLanguage(t, p.path+" in "+lang.header, doc, lang.want, h1)
			if !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
				t.Errorf("%s: no Vary: Accept-Language, so a cache could serve it in the wrong language", p.path)
			}
		}
	}
	t.Run("layout", func(t *testing.T) {
		doc := e.browser(t).speaking("es").page(t, "/profile")
		for sel, want := range map[string]string{
			".lode-skip":                       "Ir al contenido principal",
			`.lode-account a[href="/records"]`: "Sus registros",
			`.lode-account a[href="/signin"]`:  "Iniciar sesión",
			`label[for="email"]`:               "Correo electrónico",
		} {
			if got := text(doc.Find(sel)); got != want {
				t.Errorf("%s: %q, want %q", sel, got, want)
			}
		}
		if got := attr(doc.Find(".lode-account"), "aria-label"); got != "Cuenta" {
			t.Errorf("the account navigation is labelled %q", got)
		}
	})
}

// A form's errors are in the page's language too: the engine's own
// messages are English, so a Spanish page says what the field needs.
func TestSpanishFormErrors(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t).speaking("es")
	csrf := csrfToken(t, b.page(t, "/profile"))
	resp, doc := b.postForm(t, "/profile", map[string][]string{"csrf_token": {csrf}, "email": {"not an address"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	checkLanguage(t, "the profile with an error", doc, "es", "Su perfil")
	if got := text(doc.Find("#email-error")); !strings.Contains(got, "Escriba una dirección de correo electrónico") {
		t.Errorf("the email error says %q", got)
	}
	if title := doc.Find("title").Text(); !strings.HasPrefix(title, "Error: Su perfil") {
		t.Errorf("the title is %q", title)
	}
	resp, doc = b.postForm(t, "/profile", map[string][]string{"csrf_token": {"stale"}, "name": {"Ana"}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(text(doc.Find(".lode-error-summary")), "Este formulario había caducado") {
		t.Errorf("an expired form: status %d, %q", resp.StatusCode, text(doc.Find(".lode-error-summary")))
	}
}

// The error page in Spanish explains the status in Spanish and gives
// the engine's English detail marked as English.
func TestSpanishErrorPage(t *testing.T) {
	e := mustServe(t)
	resp, doc := e.browser(t).speaking("es").get(t, "/modules/nope")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
	checkLanguage(t, "a 404", doc, "es", "No se encontró la página")
	if got := text(doc.Find("main p").First()); !strings.HasPrefix(got, "No hay ninguna página en esta dirección") {
		t.Errorf("the explanation is %q", got)
	}
	if detail := doc.Find(`main [lang="en"]`); !strings.Contains(text(detail), "nope") {
		t.Errorf("the English detail is %q", text(detail))
	}
}

// A module's pages speak the module's language, whatever the browser's:
// the step page around a Spanish module is Spanish for an English
// browser, and its certificate and PDF too.
func TestModuleLanguage(t *testing.T) {
	e := mustServe(t, moduleLanguage("es-US"))
	b := e.browser(t).speaking("en-US")
	doc := b.page(t, "/modules/m1/objects/intro")
	if got := attr(doc.Find("html"), "lang"); got != "es-US" {
		t.Errorf("the step page has lang=%q, want the module's es-US", got)
	}
	if got := text(doc.Find(".lode-skip")); got != "Ir al contenido principal" {
		t.Errorf("the step page's skip link says %q", got)
	}
	if id := messageID.FindString(doc.Text()); id != "" {
		t.Errorf("the message %s is missing", id)
	}

	c := completed(t, e, "Zoë Ñúñez")
	c.speaking("en-US")
	path := c.certificate(t)
	doc = c.page(t, path)
	checkLanguage(t, "the certificate", doc, "es-US", "Certificado de finalización")
	if got := text(doc.Find(".lode-certificate-facts dt").First()); got != "Horas de educación continua" {
		t.Errorf("the certificate's first fact is %q", got)
	}
	pdf := c.download(t, path+"/certificate.pdf", "application/pdf")
	for _, want := range []string{"Certificado de finalización", "Zoë Ñúñez"} {
		if !credentialtest.PDFContains(pdf, want) {
			t.Errorf("the PDF does not hold %q", want)
		}
	}
	records := c.page(t, "/records") // not a module page: the browser's language
	checkLanguage(t, "the records", records, "en", "Your records")
}

// An English module keeps its pages English for a Spanish browser.
func TestEnglishModuleForSpanishBrowser(t *testing.T) {
	e := mustServe(t)
	doc := e.browser(t).speaking("es").page(t, "/modules/m1/objects/intro")
	if got := attr(doc.Find("html"), "lang"); got != "en" {
		t.Errorf("lang=%q, want the module's en", got)
	}
	if got := text(doc.Find(".lode-skip")); got != "Skip to main content" {
		t.Errorf("the skip link says %q", got)
	}
}

// TestSpanishProfileBrowser checks the profile page and others in
// Spanish, as Chromium set to Spanish shows them, and a Spanish module's
// step, locked step and summary, with axe-core at 1280 and 320 px:
// Spanish words are longer. lode.js updates the step list in Spanish.
func TestSpanishProfileBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	axe := browsertest.Axe(t)
	e := mustServe(t, editModules(spanishLinear))
	spanish := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
			UserAgent: "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome", AcceptLanguage: "es-MX,es",
		})
		return err
	})
	pages := []struct{ path, h1 string }{
		{"/profile", "Su perfil"}, {"/signin", "Iniciar sesión"}, {"/records", "Sus registros"},
		{"/verify/0000-0000-0000", "Verificar un certificado"}, {"/", "Módulos"},
	}
	for _, p := range pages {
		must(t, chromedp.Do(ctx, spanish)) // again: checkWidths resets the emulation
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+p.path)))
		if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "es" {
			t.Fatalf("%s: lang=%q", p.path, lang)
		}
		if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != p.h1 {
			t.Fatalf("%s: <h1> %q", p.path, h1)
		}
		checkWidths(t, ctx, p.path+" in Spanish", axe)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/modules/m1/objects/intro")))
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "es" {
		t.Fatalf("the Spanish module's step: lang=%q", lang)
	}
	checkWidths(t, ctx, "a Spanish module's step", axe)
	for _, p := range []struct{ name, path string }{{"a Spanish locked step", "/modules/m1/objects/practice"}, {"a Spanish summary", "/modules/m1/summary"}} {
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+p.path)))
		checkWidths(t, ctx, p.name, axe)
	}

	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(e.URL+"/modules/m1/objects/intro")))
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-lode-object] button"))))
	poll(t, ctx, "the unlocked step's link", `!!document.querySelector('[data-lode-step="practice"] a')`)
	got := eval[map[string]string](t, ctx, `(() => {
		const q = s => document.querySelector(s).textContent;
		return {intro: q('[data-lode-step="intro"] [data-lode-step-status]'), practice: q('[data-lode-step="practice"] [data-lode-step-status]'),
			steps: q('[data-lode-steps] > summary'), percent: q('[data-lode-percent-text]')};
	})()`)
	want := map[string]string{"intro": "Completado", "practice": "Sin empezar", "steps": "Pasos: 1 de 3 completados", "percent": "50% completado"}
	if !maps.Equal(got, want) {
		t.Errorf("lode.js updated the step list to %v, want %v", got, want)
	}
}

// The link in the header switches the site's language for this browser,
// over its Accept-Language (a shared desk computer is set up in English),
// and comes back to the same page; module pages keep the module's.
func TestLanguageSwitch(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t).speaking("en-US")
	doc := b.page(t, "/records?x=1")
	link := doc.Find(`.lode-account a[hreflang="es"]`)
	if text(link) != "Español" || attr(link, "lang") != "es" {
		t.Fatalf("the switch to Spanish is %q, lang=%q", text(link), attr(link, "lang"))
	}
	resp, _ := b.get(t, attr(link, "href"))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/records?x=1" {
		t.Fatalf("the switch answered %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc = b.page(t, "/records")
	checkLanguage(t, "the records after switching", doc, "es", "Sus registros")
	if back := doc.Find(`.lode-account a[hreflang="en"]`); text(back) != "English" {
		t.Errorf("no switch back to English: %q", text(back))
	}
	step := b.page(t, "/modules/m1/objects/intro")
	if got := attr(step.Find("html"), "lang"); got != "en" {
		t.Errorf("the English module's step page became %q", got)
	}
	if step.Find(`.lode-account a[hreflang]`).Length() != 0 {
		t.Error("a module's page offers a language switch that would do nothing")
	}

	for _, tc := range []struct{ path, want string }{
		{"/language/en?to=//evil.example/x", "/"},
		{"/language/en?to=/\\evil.example", "/"},
		{"/language/en?to=https://evil.example", "/"},
		{"/language/en", "/"},
	} {
		resp, _ := b.get(t, tc.path)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tc.want {
			t.Errorf("%s: %d to %q, want 303 to %q", tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.want)
		}
	}
	if resp, _ := b.get(t, "/language/fr"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unshipped language: status %d, want 404", resp.StatusCode)
	}
}
