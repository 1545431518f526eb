package i18n_test

import (
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/i18n"
)

func mustLoad(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestForBrowser(t *testing.T) {
	c := mustLoad(t)
	for header, want := range map[string]string{
		"":                          "en",
		"es":                        "es",
		"es-MX,es;q=0.9,en;q=0.8":   "es",
		"es-419":                    "es",
		"en-US,en;q=0.9,es;q=0.5":   "en",
		"fr-FR,es;q=0.7":            "es",
		"fr-FR":                     "en",
		"de;q=0.9, zh":              "en",
		"not a header ;;; q=banana": "en",
	} {
		if got := c.ForBrowser(header).Tag; got != want {
			t.Errorf("ForBrowser(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestForModule(t *testing.T) {
	c := mustLoad(t)
	for lang, want := range map[string]string{"": "en", "en-US": "en", "es": "es", "es-US": "es", "es-MX": "es", "pt-BR": "en", "x!": "en"} {
		if got := c.ForModule(lang).Tag; got != want {
			t.Errorf("ForModule(%q) = %s, want %s", lang, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	c := mustLoad(t)
	es, en := c.ForModule("es"), c.Default()
	for _, tc := range []struct {
		l     *i18n.Locale
		count any
		want  string
	}{
		{en, 1, "1 CE hour"},
		{en, "1.5", "1.5 CE hours"},
		{en, 0, "0 CE hours"},
		{es, 1, "1 hora de educación continua"},
		{es, 2, "2 horas de educación continua"},
		{es, "0.5", "0.5 horas de educación continua"},
		{es, 1000000, "1000000 de horas de educación continua"},
	} {
		if got := tc.l.N("common.ce_hours", tc.count); got != tc.want {
			t.Errorf("%s N(%v) = %q, want %q", tc.l.Tag, tc.count, got, tc.want)
		}
	}
}

func TestTemplateData(t *testing.T) {
	c := mustLoad(t)
	if got := c.ForModule("es").T("records.completed_on", "Date", "2 de diciembre de 2026"); got != "Completado el 2 de diciembre de 2026" {
		t.Errorf("got %q", got)
	}
	if got := c.Default().T("no.such.message"); got != "no.such.message" {
		t.Errorf("an unknown id gave %q, want the id itself", got)
	}
}

func TestDate(t *testing.T) {
	c := mustLoad(t)
	d := time.Date(2026, time.December, 2, 23, 0, 0, 0, time.UTC)
	if got := c.Default().Date(d); got != "2 December 2026" {
		t.Errorf("en: %q", got)
	}
	if got := c.ForModule("es").Date(d); got != "2 de diciembre de 2026" {
		t.Errorf("es: %q", got)
	}
}

// Every shipped catalog has every default message, in every plural form:
// Load checks it; this makes sure it does by counting what it checked.
func TestCatalogsComplete(t *testing.T) {
	c := mustLoad(t)
	if len(c.IDs()) < 100 {
		t.Fatalf("only %d messages: the catalog did not load", len(c.IDs()))
	}
	for _, l := range c.Locales() {
		for _, id := range c.IDs() {
			if got := l.T(id); got == id {
				t.Errorf("%s: %q has no message", l.Tag, id)
			}
		}
	}
}
