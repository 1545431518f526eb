package http_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/learning"
)

// spanishLinear makes m1 a Spanish, linear module of 90 minutes: its
// second step is locked until the first is done.
func spanishLinear(m1 *learning.Module) catalog {
	m1.Language, m1.Sequencing, m1.EstimatedMinutes = "es", learning.SequencingLinear, 90
	return catalog{m1}
}

// english finds the player's, summary's and catalog's English words
// (those the pages said before they were translated) in a Spanish page.
var english = regexp.MustCompile(`\b(Step|Steps|Done|In progress|Not passed|Not started|Locked|Optional|Summary|Previous|Next|Completed|% complete|Module|Finish|first|Try again|Score|None|Certificate|What next|Back|Search|Topic|Time|CE hours|Your|Start|Continue|Review|About|minutes?|hours?|Rights)\b`)

// checkSpanish fails if sel, outside what the module itself says (its
// titles, its objects' content, anything marked lang="en"), holds an
// English word of Lode's.
func checkSpanish(t *testing.T, name string, sel *goquery.Selection) {
	t.Helper()
	sel = sel.Clone()
	sel.Find(`[lang="en"], .lode-object, .lode-step-title, .lode-module-title, h1#lode-object-title`).Remove()
	if w := english.FindString(sel.Text()); w != "" {
		t.Errorf("%s says %q in English: %s", name, w, strings.Join(strings.Fields(sel.Text()), " "))
	}
}

func wantTexts(t *testing.T, name string, doc *goquery.Document, want map[string]string) {
	t.Helper()
	for sel, w := range want {
		if got := text(doc.Find(sel).First()); got != w {
			t.Errorf("%s: %s says %q, want %q", name, sel, got, w)
		}
	}
}

// A Spanish module's step page, locked step, event answers and summary
// are Spanish throughout, for a browser set to English.
func TestSpanishModulePlayer(t *testing.T) {
	e := mustServe(t, editModules(spanishLinear))
	b := e.browser(t).speaking("en-US")

	doc := b.page(t, "/modules/m1/objects/intro")
	checkLanguage(t, "the step", doc, "es", "Welcome")
	wantTexts(t, "the step", doc, map[string]string{
		"[data-lode-step-text]":                               "Paso 1 de 3",
		"[data-lode-percent-text]":                            "0% completado",
		"[data-lode-steps] > summary":                         "Pasos: 0 de 3 completados",
		`[data-lode-step="intro"] [data-lode-step-status]`:    "Sin empezar",
		`[data-lode-step="practice"] [data-lode-step-status]`: "Bloqueado",
		`[data-lode-step="extra"] .lode-badge-optional`:       "Opcional",
		".lode-step-end":                                      "Resumen",
		".lode-next":                                          "Siguiente: Practice",
		".lode-complete h2":                                   "Módulo completado",
	})
	for sel, want := range map[string]string{"[data-lode-progress]": "Progreso del módulo", ".lode-steps": "Pasos del módulo", ".lode-pager": "Paso anterior y siguiente"} {
		if got := attr(doc.Find(sel), "aria-label"); got != want {
			t.Errorf("%s is labelled %q, want %q", sel, got, want)
		}
	}
	if got := attr(doc.Find("[data-lode-percent-text]"), "data-lode-pattern"); got != "{percent}% completado" {
		t.Errorf("lode.js's pattern for the percentage is %q", got)
	}
	for name, want := range map[string]string{"saving": "Guardando…", "saved": "Guardado.", "not-saved": "No se guardó: {reason}", "failed": "Algo salió mal (error {status}). Inténtelo de nuevo en un momento."} {
		if got := attr(doc.Find("body"), "data-lode-"+name); got != want {
			t.Errorf("lode.js's word %s is %q, want %q", name, got, want)
		}
	}
	checkSpanish(t, "the step", doc.Find("main"))

	t.Run("Locked", func(t *testing.T) {
		resp, doc := b.get(t, "/modules/m1/objects/practice")
		if resp.StatusCode != 403 {
			t.Fatalf("status %d, want 403", resp.StatusCode)
		}
		wantTexts(t, "the locked step", doc, map[string]string{
			".lode-locked p:first-child": "Bloqueado Este paso se abre cuando termine los pasos anteriores, en orden.",
			".lode-locked p + p":         "Termine primero Welcome.",
			".lode-prev":                 "Anterior: Welcome",
		})
		if got := attr(doc.Find(".lode-locked a"), "href"); got != "/modules/m1/objects/intro" {
			t.Errorf("the locked step links to %q", got)
		}
		checkSpanish(t, "the locked step", doc.Find("main"))
	})

	t.Run("Summary", func(t *testing.T) {
		doc := b.page(t, "/modules/m1/summary")
		checkLanguage(t, "the summary", doc, "es", "Resumen")
		if got := text(doc.Find("title")); !strings.HasPrefix(got, "Resumen: Reference interviews") {
			t.Errorf("the title is %q", got)
		}
		wantTexts(t, "the summary", doc, map[string]string{
			".lode-summary-result h2":     "Aún sin completar",
			".lode-summary-result p":      "0 de 2 pasos obligatorios completados (0%).",
			".lode-summary-table caption": "Sus pasos",
			".lode-summary-next p":        "Ha completado todos los demás módulos. ¡Enhorabuena!",
		})
		if got := facts(doc.Find("main"))["Horas de educación continua obtenidas"]; got != "0 de 1.5, al completarlo" {
			t.Errorf("CE hours %q", got)
		}
		want := []string{"Welcome | Sin empezar | Sin nota", "Practice | Bloqueado | Sin nota", "Going further Opcional | Bloqueado | Sin nota"}
		if got := summaryRows(doc); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		checkSpanish(t, "the summary", doc.Find("main"))
	})

	t.Run("Completed", func(t *testing.T) {
		out := b.ping(t, "/modules/m1/objects/intro")
		if got := out["steps"].([]any)[0].(map[string]any)["label"]; got != "Completado" {
			t.Errorf("the event API labels the step done %q", got)
		}
		b.ping(t, "/modules/m1/objects/practice")
		doc := b.page(t, "/modules/m1/objects/practice")
		wantTexts(t, "the last step", doc, map[string]string{
			"[data-lode-steps] > summary": "Pasos: 2 de 3 completados",
			".lode-complete p":            "Ha completado Reference interviews y ha obtenido 1.5 horas de educación continua.",
			".lode-complete p + p":        "Obtenga su certificado, vea su resumen o sus registros.",
			".lode-next":                  "Siguiente: Going further",
		})
		checkSpanish(t, "the last step", doc.Find("main"))
		doc = b.page(t, "/modules/m1/summary")
		if got := text(doc.Find(".lode-summary-result p")); !strings.HasPrefix(got, "Completó Reference interviews el ") || !strings.Contains(got, " de 20") {
			t.Errorf("the result says %q", got)
		}
		checkSpanish(t, "the completed summary", doc.Find("main"))
	})
}

// The catalog speaks the browser's language; each card keeps its
// module's lang.
func TestSpanishCatalog(t *testing.T) {
	e := mustServe(t, editModules(func(m1 *learning.Module) catalog {
		m1.EstimatedMinutes, m1.Topics = 90, []string{"Reference"}
		return catalog{m1}
	}))
	b := e.browser(t).speaking("es-MX,es")
	doc := b.page(t, "/")
	checkLanguage(t, "the catalog", doc, "es", "Módulos")
	card := doc.Find(".lode-card")
	if attr(card.Find("h2"), "lang") != "en" {
		t.Error("the English module's title is not marked English")
	}
	for dt, want := range map[string]string{"Duración": "Alrededor de 1 hora y 30 minutos", "Pasos": "3", "Su progreso": "Sin empezar",
		"Horas de educación continua": "1.5", "Idioma": "English", "Temas": "Reference"} {
		if got := facts(card)[dt]; got != want {
			t.Errorf("the card's %s is %q, want %q", dt, got, want)
		}
	}
	wantTexts(t, "the catalog", doc, map[string]string{
		".lode-card-action":           "Empezar: Reference interviews",
		`label[for="catalog-q"]`:      "Buscar",
		".lode-catalog-count":         "1 módulo",
		".lode-catalog-search button": "Buscar",
	})
	checkSpanish(t, "the catalog", doc.Find("main"))

	for _, tc := range []struct{ query, count string }{
		{"q=xyz", "Ningún módulo coincide con “xyz”. Mostrar todos los módulos"},
		{"topic=Gone", "Ningún módulo en el tema “Gone”. Mostrar todos los módulos"},
		{"q=interview", "1 módulo coincide con “interview”. Mostrar todos los módulos"},
	} {
		doc := b.page(t, "/?"+tc.query)
		if got := text(doc.Find(".lode-catalog-count")); got != tc.count {
			t.Errorf("%s: %q, want %q", tc.query, got, tc.count)
		}
		if got := text(doc.Find("title")); !strings.HasSuffix(got, "– Módulos – Lode") {
			t.Errorf("%s: the title is %q", tc.query, got)
		}
		checkSpanish(t, tc.query, doc.Find("main"))
	}

	b.ping(t, "/modules/m1/objects/intro")
	card = b.page(t, "/").Find(".lode-card")
	if got := facts(card)["Su progreso"]; got != "50% completado" {
		t.Errorf("progress %q", got)
	}
	if got := text(card.Find(".lode-card-action")); got != "Continuar: Reference interviews" {
		t.Errorf("the action %q", got)
	}
}

// While a Spanish module's content type restarts, the page says so in
// Spanish: the engine's own message is English.
func TestSpanishPluginOutage(t *testing.T) {
	e := mustServe(t, moduleLanguage("es"), func(s *setup) {
		s.Host.BackoffMin = 1500 * time.Millisecond // a window to observe the outage in
	})
	const obj = "/modules/m1/objects/intro"
	b := e.browser(t)
	if resp, body := b.event(t, obj, csrfToken(t, b.page(t, obj)), `{"type":"crash"}`); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("the crashing call: status %d, %v", resp.StatusCode, body)
	}
	resp, doc := b.get(t, obj)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", resp.StatusCode)
	}
	if got := text(doc.Find(".lode-unavailable")); got != "Esta parte del sitio se está reiniciando o está ocupada. Inténtelo de nuevo en un momento. Intentar de nuevo" {
		t.Errorf("the outage says %q", got)
	}
	checkSpanish(t, "the outage", doc.Find("main"))
}
