package admin_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/credential"
)

func TestLearnerReport(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	s.signIn(t, c, "ada@library.example", password)
	code := credential.NewCode()
	s.mustCompletion(t, "zoe", "Zoë Ñúñez", "copyright", time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC), code)

	resp, doc := get(t, c, s.URL+"/admin/reports/learners/zoe")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	modules := rows(t, doc, "Modules started, oldest first")
	if got := modules["Copyright basics"]; !strings.HasPrefix(got, "completed") {
		t.Errorf("modules %v, want Copyright basics completed", modules)
	}
	if href, _ := doc.Find(`th a[href="/admin/reports/modules/copyright"]`).Attr("href"); href == "" {
		t.Error("the module does not link to its report")
	}
	certs := rows(t, doc, "Certificates")
	if !strings.HasPrefix(certs[code], "copyright2"+"1.5") {
		t.Errorf("certificates %v, want %s for copyright version 2, 1.5 hours", certs, code)
	}
	if dd := doc.Find("dd").Map(func(_ int, s *goquery.Selection) string { return s.Text() }); strings.Join(dd, "|") != "Zoë Ñúñez|zoe@library.example|1.5" {
		t.Errorf("learner details %v", dd)
	}
	t.Run("Unknown", func(t *testing.T) {
		if resp, _ := get(t, c, s.URL+"/admin/reports/learners/nobody"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
	t.Run("FormWithoutJavaScript", func(t *testing.T) {
		resp, _ := get(t, c, s.URL+"/admin/reports?learner=+zoe+")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/reports/learners/zoe" {
			t.Errorf("status %d to %q, want a redirect to the learner's page", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}
