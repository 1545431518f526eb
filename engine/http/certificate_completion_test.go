package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// named is a new learner who has started the test module and given their
// name, but not completed it.
func named(t *testing.T, e *env, name string) *browser {
	t.Helper()
	b := e.browser(t)
	b.ping(t, "/modules/m1/objects/intro")
	csrf := csrfToken(t, b.page(t, "/profile"))
	if resp, doc := b.postForm(t, "/profile", url.Values{"csrf_token": {csrf}, "name": {name}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the name: status %d: %s", resp.StatusCode, text(doc.Find("main")))
	}
	return b
}

// A learner with a name gets their certificate when they complete the
// module, before they ever open the certificate page; the page then shows
// that one.
func TestCertificateIssuedAtCompletion(t *testing.T) {
	e := mustServe(t)
	b := named(t, e, "Ada Lovelace")
	if n := e.countRows(t, "certificates"); n != 0 {
		t.Fatalf("%d certificates before completion", n)
	}
	if out := b.ping(t, "/modules/m1/objects/practice"); out["module_completed"] != true {
		t.Fatalf("the module was not completed: %v", out)
	}
	if n := e.countRows(t, "certificates"); n != 1 {
		t.Fatalf("%d certificates right after completion, want 1", n)
	}
	path := b.certificate(t)
	if !strings.HasPrefix(path, "/certificates/") {
		t.Fatalf("the certificate page leads to %q", path)
	}
	if n := e.countRows(t, "certificates"); n != 1 {
		t.Fatalf("%d certificates after opening the certificate page, want the one issued at completion", n)
	}
	if page := text(b.page(t, path).Find("main")); !strings.Contains(page, "Ada Lovelace") || !strings.Contains(page, "1.0.0") {
		t.Fatalf("the certificate page does not name the learner and the version completed: %s", page)
	}
}

// A certificate that cannot be issued at completion does not fail the
// learner's interaction: their completion is recorded all the same.
func TestCertificateFailureAtCompletion(t *testing.T) {
	e := mustServe(t, func(st *setup) {
		st.Server = func(s *site) {
			broken := *s.Web.Certificates
			broken.Modules = catalog{} // Issue answers that the module does not exist
			s.Web.Certificates = &broken
		}
	})
	b := named(t, e, "Ada Lovelace")
	if out := b.ping(t, "/modules/m1/objects/practice"); out["module_completed"] != true {
		t.Fatalf("the interaction that completed the module answered %v", out)
	}
	if n := e.countRows(t, "certificates"); n != 0 {
		t.Fatalf("%d certificates issued by a service that cannot", n)
	}
	if n := e.countRows(t, "registrations WHERE completed_at IS NOT NULL"); n != 1 {
		t.Fatalf("%d completed registrations, want 1", n)
	}
}

// Completing the module by a form posted without JavaScript issues the
// certificate too.
func TestCertificateIssuedAtCompletionWithoutJavaScript(t *testing.T) {
	e := mustServe(t)
	b := named(t, e, "Ada Lovelace")
	req, err := http.NewRequest(http.MethodPost, b.base+"/modules/m1/objects/practice?event=ping", strings.NewReader("answer=b"))
	must(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := b.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the form post answered %d, want 303", resp.StatusCode)
	}
	if n := e.countRows(t, "certificates"); n != 1 {
		t.Fatalf("%d certificates right after completion without JavaScript, want 1", n)
	}
}
