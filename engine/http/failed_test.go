package http_test

import (
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

// failingMastery makes Practice a mastery object the learner cannot
// pass: the echo content type scores every ping 100%, and the module asks
// for more, so the first ping finishes it below the minimum for good.
func failingMastery(lang string) option {
	return editModules(func(m1 *learning.Module) catalog {
		m1.Language = lang
		m1.Completion = learning.Completion{Mastery: []learning.Mastery{{ObjectID: "practice", MinScore: 1.01}}}
		return catalog{m1}
	})
}

// A module whose mastery score was missed for good shows as failed, in
// words, on the step list, the summary, the catalog and the records: not
// as in progress, and with what failed and what the learner can do.
func TestFailedModule(t *testing.T) {
	for _, tc := range []struct {
		lang, browser, notPassed, missed, ask, review string
	}{
		{"en", "en", "Not passed", "Practice needed a score of 101%; yours was 100%.", "ask the provider of this module", "Review"},
		{"es", "es", "No aprobado", "Practice necesitaba una puntuación de 101%; la suya fue 100%.", "pida al proveedor de este módulo", "Repasar"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			e := mustServe(t, failingMastery(tc.lang))
			b := e.browser(t).speaking(tc.browser)
			b.ping(t, "/modules/m1/objects/intro")
			if out := b.ping(t, "/modules/m1/objects/practice"); out["module_completed"] == true {
				t.Fatalf("the module was completed: %v", out)
			}

			doc := b.page(t, "/modules/m1/objects/practice")
			if got := stepStatuses(doc)["practice"]; got != "not passed" {
				t.Errorf("the failed step's status is %q", got)
			}
			if got := text(doc.Find(`[data-lode-step="practice"] [data-lode-step-status]`)); got != tc.notPassed {
				t.Errorf("the failed step says %q, want %q", got, tc.notPassed)
			}

			doc = b.page(t, "/modules/m1/summary")
			result := doc.Find(".lode-summary-result")
			if _, ok := result.Attr("data-failed"); !ok || text(result.Find("h2")) != tc.notPassed {
				t.Errorf("the summary's result is %q", text(result.Find("h2")))
			}
			if got := text(result); !strings.Contains(got, tc.missed) || !strings.Contains(got, tc.ask) {
				t.Errorf("the summary does not say what failed (%q) and what to do (%q): %q", tc.missed, tc.ask, got)
			}
			if got := summaryRows(doc)[1]; got != "Practice | "+tc.notPassed+" | 100%" {
				t.Errorf("the summary's row %q", got)
			}
			if doc.Find(`main a[href$="/certificate"]`).Length() != 0 {
				t.Error("the summary of a failed module offers a certificate")
			}

			card := b.page(t, "/").Find(".lode-card")
			if got := card.Find("dd[data-failed]"); text(got) != tc.notPassed {
				t.Errorf("the catalog card says %q", text(card.Find("dl")))
			}
			if got := text(card.Find(".lode-card-action a")); !strings.HasPrefix(got, tc.review) {
				t.Errorf("the card's action is %q", got)
			}

			records := b.page(t, "/records")
			if got := text(records.Find(".lode-records dd[data-failed]")); got != tc.notPassed {
				t.Errorf("the records say %q", text(records.Find(".lode-records")))
			}
		})
	}
}
