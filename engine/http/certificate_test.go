package http_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/credential/credentialtest"
)

// completed is a learner who completed the test module, with a name when
// name is not "".
func completed(t *testing.T, e *env, name string) *browser {
	t.Helper()
	b := e.browser(t)
	b.ping(t, "/modules/m1/objects/intro")
	if out := b.ping(t, "/modules/m1/objects/practice"); out["module_completed"] != true {
		t.Fatalf("the module was not completed: %v", out)
	}
	if name != "" {
		csrf := csrfToken(t, b.page(t, "/profile"))
		resp, doc := b.postForm(t, "/profile", url.Values{"csrf_token": {csrf}, "name": {name}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving the name: status %d: %s", resp.StatusCode, text(doc.Find("main")))
		}
	}
	return b
}

// certificate follows the completion notice's link and returns the
// certificate page's path, /certificates/CODE.
func (b *browser) certificate(t *testing.T) string {
	t.Helper()
	resp, doc := b.get(t, "/modules/m1/certificate")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET /modules/m1/certificate: status %d, want 303: %s", resp.StatusCode, text(doc.Find("main")))
	}
	return resp.Header.Get("Location")
}

// download fetches a file and checks its type and that it is an attachment.
func (b *browser) download(t *testing.T, path, contentType string) []byte {
	t.Helper()
	resp, err := b.Get(b.base + path)
	must(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	must(t, err)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != contentType {
		t.Fatalf("GET %s: %d %s, want 200 %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), contentType)
	}
	if d, _, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err != nil || d != "attachment" {
		t.Errorf("GET %s: Content-Disposition %q", path, resp.Header.Get("Content-Disposition"))
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("GET %s: Cache-Control %q: a file with the learner's name must not be kept", path, cc)
	}
	return body
}

func TestCertificates(t *testing.T) {
	e := mustServe(t)
	b := completed(t, e, "Zoë Ñúñez")
	path := b.certificate(t)
	code := strings.TrimPrefix(path, "/certificates/")
	if _, ok := credential.NormalizeCode(code); !ok {
		t.Fatalf("redirected to %s: want /certificates/CODE", path)
	}

	t.Run("Page", func(t *testing.T) {
		doc := b.page(t, path)
		cert := doc.Find("article.lode-certificate")
		got := text(cert)
		for _, want := range []string{testIssuerName, "Zoë Ñúñez", "Reference interviews", "Version 1.0.0", "CE hours 1.5",
			"Completed on " + credential.FormatDate(time.Now()), code, e.URL + "/verify/" + code} {
			if !strings.Contains(got, want) {
				t.Errorf("the certificate does not say %q: %s", want, got)
			}
		}
		if attr(cert.Find(`a[href$="/verify/`+code+`"]`), "href") != e.URL+"/verify/"+code {
			t.Error("the certificate has no link to its verification page")
		}
		if attr(doc.Find(`link[rel="stylesheet"][href*="certificates"]`), "href") == "" {
			t.Error("the certificate page lacks its (print) stylesheet")
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		if again := b.certificate(t); again != path {
			t.Errorf("asking again gave %s, want the same certificate %s", again, path)
		}
		var wg sync.WaitGroup
		paths := make([]string, 8)
		for i := range paths {
			wg.Go(func() {
				resp, err := b.Get(b.base + "/modules/m1/certificate")
				if err == nil {
					paths[i] = resp.Header.Get("Location")
					resp.Body.Close()
				}
			})
		}
		wg.Wait()
		// Connections the client dialled for the burst and did not use
		// would hold up the server's shutdown: close them.
		b.CloseIdleConnections()
		for i, p := range paths {
			if p != path {
				t.Errorf("concurrent request %d got %q, want %s", i, p, path)
			}
		}
		if n := e.countRows(t, "certificates"); n != 1 {
			t.Errorf("%d certificates stored, want 1", n)
		}
	})
	t.Run("PDF", func(t *testing.T) {
		pdf := b.download(t, path+"/certificate.pdf", "application/pdf")
		if !strings.HasPrefix(string(pdf), "%PDF-") {
			t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
		}
		for _, want := range []string{"Zoë Ñúñez", "Reference interviews", code} {
			if !credentialtest.PDFContains(pdf, want) {
				t.Errorf("the PDF does not show %q", want)
			}
		}
	})
	t.Run("BadgeVerifiesWithPublishedKeys", func(t *testing.T) {
		token := string(b.download(t, path+"/badge.jwt", "application/jwt"))
		keysURL, err := credential.BadgeKeySetURL(token)
		must(t, err)
		if keysURL != e.URL+"/.well-known/jwks.json" {
			t.Fatalf("the badge names key set %s", keysURL)
		}
		keys := fetchJWKS(t, keysURL)
		cred, err := credential.VerifyBadge(token, keys, time.Now())
		must(t, err)
		s := cred.CredentialSubject
		if s.Identifier[0].IdentityHash != "Zoë Ñúñez" || s.Achievement.Name != "Reference interviews" ||
			s.Achievement.Version != "1.0.0" || s.CreditsEarned != 1.5 || cred.ID != e.URL+"/verify/"+code ||
			cred.Issuer.Name != testIssuerName || cred.Issuer.ID != e.URL+"/issuer" {
			t.Errorf("the badge says %+v", cred)
		}
		t.Run("TamperedFails", func(t *testing.T) {
			parts := strings.Split(token, ".")
			payload, err := base64.RawURLEncoding.DecodeString(parts[1])
			must(t, err)
			parts[1] = base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), "Zoë Ñúñez", "Mallory Smith", 1)))
			if _, err := credential.VerifyBadge(strings.Join(parts, "."), keys, time.Now()); err == nil {
				t.Fatal("a badge with another name verified")
			}
		})
	})
	t.Run("IssuerProfile", func(t *testing.T) {
		resp, err := http.Get(e.URL + "/issuer")
		must(t, err)
		defer resp.Body.Close()
		var p credential.Profile
		must(t, json.NewDecoder(resp.Body).Decode(&p))
		if p.ID != e.URL+"/issuer" || p.Name != testIssuerName || len(p.Context) != 2 || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("profile %+v, CORS %q", p, resp.Header.Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("Verify", func(t *testing.T) {
		v := e.browser(t) // anyone: no session, no cookie
		resp, doc := v.get(t, "/verify/"+strings.ToLower(code))
		want := "Valid: Zoë Ñúñez completed Reference interviews (version 1.0.0) on " + credential.FormatDate(time.Now()) +
			", 1.5 CE hours, issued by " + testIssuerName + "."
		if resp.StatusCode != http.StatusOK || !strings.Contains(text(doc.Find("main")), want) {
			t.Errorf("status %d: %s\nwant %q", resp.StatusCode, text(doc.Find("main")), want)
		}
		if len(resp.Cookies()) != 0 {
			t.Errorf("the verification page set cookies %v", resp.Cookies())
		}
		for _, private := range []string{"@", "Going further", "In progress"} {
			if strings.Contains(text(doc.Find("main")), private) {
				t.Errorf("the verification page shows %q", private)
			}
		}
		resp, doc = v.get(t, "/verify/"+credential.NewCode())
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(text(doc.Find("main")), "No certificate with this code") {
			t.Errorf("an unknown code: status %d: %s", resp.StatusCode, text(doc.Find("main")))
		}
	})
	t.Run("VerifyForm", func(t *testing.T) {
		v := e.browser(t)
		resp, _ := v.get(t, "/verify?code="+url.QueryEscape(" "+strings.ReplaceAll(strings.ToLower(code), "-", " ")))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/verify/"+code {
			t.Errorf("the form sent a typed code to %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, doc := v.get(t, "/verify?code=not+a+code")
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(text(doc.Find("main")), "No certificate with this code") {
			t.Errorf("a malformed code: status %d: %s", resp.StatusCode, text(doc.Find("main")))
		}
	})
	t.Run("OtherLearnerRefused", func(t *testing.T) {
		other := completed(t, e, "Mallory Smith")
		for _, p := range []string{path, path + "/certificate.pdf", path + "/badge.jwt"} {
			if resp, _ := other.get(t, p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("another learner got %s: status %d, want 404", p, resp.StatusCode)
			}
			if resp, _ := e.browser(t).get(t, p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("a visitor got %s: status %d, want 404", p, resp.StatusCode)
			}
		}
		if mine := other.certificate(t); mine == path {
			t.Error("two learners got one certificate")
		}
	})
	t.Run("Records", func(t *testing.T) {
		doc := b.page(t, "/records")
		main := text(doc.Find("main"))
		for _, want := range []string{"Modules completed 1 of 1 started", "CE hours completed 1.5", "Reference interviews",
			"Completed on " + credential.FormatDate(time.Now())} {
			if !strings.Contains(main, want) {
				t.Errorf("the records page does not say %q: %s", want, main)
			}
		}
		if attr(doc.Find(`main a[href="`+path+`"]`), "href") == "" {
			t.Errorf("the records page does not link to the certificate %s", path)
		}
	})
	t.Run("InTheExport", func(t *testing.T) {
		resp, err := b.Get(e.URL + "/profile/export")
		must(t, err)
		defer resp.Body.Close()
		var doc struct {
			Certificates []struct {
				Code, Name string
				CEHours    float64 `json:"ce_hours"`
			}
		}
		must(t, json.NewDecoder(resp.Body).Decode(&doc))
		if len(doc.Certificates) != 1 || doc.Certificates[0].Code != code || doc.Certificates[0].Name != "Zoë Ñúñez" || doc.Certificates[0].CEHours != 1.5 {
			t.Errorf("the patron's export lists certificates %+v, want %s", doc.Certificates, code)
		}
	})
}

func TestCertificateNeedsName(t *testing.T) {
	e := mustServe(t)
	b := completed(t, e, "")
	resp, doc := b.get(t, "/modules/m1/certificate")
	if resp.StatusCode != http.StatusOK || text(doc.Find("h1")) != "Add your name to get your certificate" ||
		attr(doc.Find(`main a[href="/profile"]`), "href") == "" {
		t.Fatalf("status %d: %s", resp.StatusCode, text(doc.Find("main")))
	}
	if n := e.countRows(t, "certificates"); n != 0 {
		t.Fatalf("%d certificates issued without a name", n)
	}
	if !strings.Contains(text(b.page(t, "/records").Find("main")), "add your name to your profile") {
		t.Error("the records page does not ask for the name")
	}

	t.Run("NotCompleted", func(t *testing.T) {
		for _, who := range []*browser{e.browser(t), func() *browser { s := e.browser(t); s.ping(t, "/modules/m1/objects/intro"); return s }()} {
			resp, doc := who.get(t, "/modules/m1/certificate")
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(text(doc.Find("main")), "You have not completed Reference interviews yet") {
				t.Errorf("status %d: %s", resp.StatusCode, text(doc.Find("main")))
			}
		}
		if resp, _ := e.browser(t).get(t, "/modules/nope/certificate"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown module: status %d", resp.StatusCode)
		}
	})
}

func fetchJWKS(t *testing.T, u string) jose.JSONWebKeySet {
	t.Helper()
	resp, err := http.Get(u)
	must(t, err)
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/jwk-set+json" {
		t.Errorf("key set Content-Type %q", ct)
	}
	var keys jose.JSONWebKeySet
	must(t, json.NewDecoder(resp.Body).Decode(&keys))
	return keys
}
