package credential_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/credential/credentialtest"
	"github.com/lode-elearning/lode/engine/i18n"
)

func TestNormalizeCode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN", true},
		{"abcd efgh jkmn", "ABCD-EFGH-JKMN", true},
		{"abcdefghjkmn", "ABCD-EFGH-JKMN", true},
		{"O0IL-0000-0000", "0011-0000-0000", true}, // read aloud or typed from paper
		{"ABCD-EFGH-JKM", "", false},
		{"ABCD-EFGH-JKMNP", "", false},
		{"ABCD-EFGH-JKMU", "", false}, // U is not in the alphabet
		{"ÄBCD-EFGH-JKMN", "", false},
		{"", "", false},
	} {
		got, ok := credential.NormalizeCode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeCode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := credential.NewCode()
		if !regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`).MatchString(c) {
			t.Fatalf("code %q is not XXXX-XXXX-XXXX in Crockford's base32", c)
		}
		if n, _ := credential.NormalizeCode(c); n != c {
			t.Fatalf("code %q normalizes to %q", c, n)
		}
		if seen[c] {
			t.Fatalf("code %q drawn twice in 1000", c)
		}
		seen[c] = true
	}
}

func testIssuer(t testing.TB) *credential.Issuer {
	key, err := credential.ParseKey(credential.NewKeyText())
	if err != nil {
		t.Fatal(err)
	}
	return &credential.Issuer{Name: "Springfield Public Library", BaseURL: "https://learn.example.org", Key: key}
}

func testCertificate() *credential.Certificate {
	done := time.Date(2026, 12, 1, 15, 4, 5, 0, time.UTC)
	return &credential.Certificate{
		Code: "ABCD-EFGH-JKMN", RegistrationID: "0b7c2f52-6a6e-4a53-9d0e-0c1f4f0a9e11", LearnerID: "l1",
		LearnerName: "Zoë Ñúñez", ModuleID: "reference-desk-basics", ModuleTitle: "Reference desk basics",
		ModuleVersion: "1.2.0", CEHours: 1.5, CompletedAt: done, IssuedAt: done.Add(time.Hour),
	}
}

func TestBadge(t *testing.T) {
	iss := testIssuer(t)
	c := testCertificate()
	token, err := iss.Badge(c)
	if err != nil {
		t.Fatal(err)
	}
	now := c.IssuedAt.Add(time.Hour)

	t.Run("Verifies", func(t *testing.T) {
		cred, err := credential.VerifyBadge(token, iss.JWKS(), now)
		if err != nil {
			t.Fatal(err)
		}
		s := cred.CredentialSubject
		if s.Identifier[0].IdentityHash != "Zoë Ñúñez" || s.Achievement.Name != "Reference desk basics" ||
			s.Achievement.Version != "1.2.0" || s.CreditsEarned != 1.5 || cred.Issuer.Name != "Springfield Public Library" ||
			cred.ID != "https://learn.example.org/verify/ABCD-EFGH-JKMN" || s.ActivityEndDate != "2026-12-01T15:04:05Z" {
			t.Errorf("credential %+v", cred)
		}
	})
	t.Run("Header", func(t *testing.T) {
		var h map[string]string
		raw, _ := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
		if err := json.Unmarshal(raw, &h); err != nil {
			t.Fatal(err)
		}
		if h["alg"] != "EdDSA" || h["typ"] != "JWT" || h["kid"] != iss.KeyID() || !strings.HasPrefix(h["kid"], iss.JWKSURL()+"#") {
			t.Errorf("header %v", h)
		}
	})
	t.Run("TamperedNameFails", func(t *testing.T) {
		if _, err := credential.VerifyBadge(tamper(t, token, "Zoë Ñúñez", "Mallory Smith"), iss.JWKS(), now); err == nil {
			t.Fatal("a badge with the name changed verified")
		}
	})
	t.Run("TamperedHoursFail", func(t *testing.T) {
		if _, err := credential.VerifyBadge(tamper(t, token, `"creditsEarned":1.5`, `"creditsEarned":15`), iss.JWKS(), now); err == nil {
			t.Fatal("a badge with the hours changed verified")
		}
	})
	t.Run("WrongKeyFails", func(t *testing.T) {
		other := testIssuer(t)
		if _, err := credential.VerifyBadge(token, other.JWKS(), now); err == nil {
			t.Fatal("a badge verified against another issuer's key set")
		}
		// Another key under the same key id: the signature must still fail.
		keys := other.JWKS()
		keys.Keys[0].KeyID = iss.KeyID()
		if _, err := credential.VerifyBadge(token, keys, now); err == nil || !strings.Contains(err.Error(), "signature does not match") {
			t.Fatalf("a badge verified against another key with its key id: %v", err)
		}
	})
	t.Run("NotYetValidFails", func(t *testing.T) {
		if _, err := credential.VerifyBadge(token, iss.JWKS(), c.IssuedAt.Add(-time.Hour)); err == nil {
			t.Fatal("a badge verified an hour before it was issued")
		}
	})
	t.Run("KeySetURL", func(t *testing.T) {
		u, err := credential.BadgeKeySetURL(token)
		if err != nil || u != iss.JWKSURL() {
			t.Fatalf("BadgeKeySetURL = %q, %v; want %q", u, err, iss.JWKSURL())
		}
		// A badge that claims the library as issuer but names a key
		// elsewhere is refused before anything is fetched.
		evil := testIssuer(t)
		evil.BaseURL = "https://evil.example.com"
		forged, err := evil.Badge(c)
		if err != nil {
			t.Fatal(err)
		}
		forged = tamper(t, forged, `"iss":"https://evil.example.com/issuer"`, `"iss":"https://learn.example.org/issuer"`)
		if _, err := credential.BadgeKeySetURL(forged); err == nil {
			t.Fatal("a key set on another origin than the issuer's was accepted")
		}
	})
}

// tamper replaces old with new in the token's payload, keeping its
// header and signature.
func tamper(t *testing.T, token, old, new string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(payload, []byte(old)) {
		t.Fatalf("the payload has no %s: %s", old, payload)
	}
	parts[1] = base64.RawURLEncoding.EncodeToString(bytes.Replace(payload, []byte(old), []byte(new), 1))
	return strings.Join(parts, ".")
}

func TestPDF(t *testing.T) {
	iss := testIssuer(t)
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var a bytes.Buffer
	if err := iss.PDF(&a, testCertificate(), catalog.Default()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", a.Bytes()[:min(16, a.Len())])
	}
	for _, want := range []string{"Zoë Ñúñez", "Reference desk basics", "ABCD-EFGH-JKMN", "Springfield Public Library", "Certificate of completion"} {
		if !credentialtest.PDFContains(a.Bytes(), want) {
			t.Errorf("the PDF's text does not hold %q", want)
		}
	}
	if credentialtest.PDFContains(a.Bytes(), "Mallory") {
		t.Error("PDFContains finds what is not there")
	}
	t.Run("Spanish", func(t *testing.T) {
		var b bytes.Buffer
		if err := iss.PDF(&b, testCertificate(), catalog.ForModule("es")); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Certificado de finalización", "Se certifica que", "Zoë Ñúñez", "Código de verificación: ABCD-EFGH-JKMN"} {
			if !credentialtest.PDFContains(b.Bytes(), want) {
				t.Errorf("the Spanish PDF's text does not hold %q", want)
			}
		}
		if credentialtest.PDFContains(b.Bytes(), "Certificate of completion") {
			t.Error("the Spanish PDF still says Certificate of completion")
		}
	})
}
