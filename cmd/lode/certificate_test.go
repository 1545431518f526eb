package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/credential"
)

// badgeFiles writes a badge signed by an issuer at baseURL, and that
// issuer's key set, to files.
func badgeFiles(t *testing.T, baseURL string) (badge, jwks string, iss *credential.Issuer) {
	t.Helper()
	key, err := credential.ParseKey(credential.NewKeyText())
	if err != nil {
		t.Fatal(err)
	}
	iss = &credential.Issuer{Name: "Springfield Public Library", BaseURL: baseURL, Key: key}
	at := time.Now().Add(-time.Hour).Truncate(time.Second)
	token, err := iss.Badge(&credential.Certificate{
		Code: "ABCD-EFGH-JKMN", RegistrationID: "r", LearnerID: "l", LearnerName: "Zoë Ñúñez", ModuleID: "m1",
		ModuleTitle: "Reference interviews", ModuleVersion: "1.0.0", CEHours: 1.5, CompletedAt: at, IssuedAt: at,
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	badge, jwks = filepath.Join(dir, "badge.jwt"), filepath.Join(dir, "jwks.json")
	keys, err := json.Marshal(iss.JWKS())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(badge, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jwks, keys, 0o600); err != nil {
		t.Fatal(err)
	}
	return badge, jwks, iss
}

func TestCertificateVerify(t *testing.T) {
	badge, jwks, _ := badgeFiles(t, "https://learn.example.org")

	t.Run("Valid", func(t *testing.T) {
		var out, errOut bytes.Buffer
		if err := run(t.Context(), []string{"certificate", "verify", badge, "-jwks", jwks}, &out, &errOut); err != nil {
			t.Fatalf("%v\n%s", err, errOut.String())
		}
		for _, want := range []string{"VALID", "recipient     Zoë Ñúñez", "achievement   Reference interviews (version 1.0.0)",
			"CE hours      1.5", "issued by     Springfield Public Library", "https://learn.example.org/verify/ABCD-EFGH-JKMN"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("the output lacks %q:\n%s", want, out.String())
			}
		}
	})
	t.Run("TamperedFails", func(t *testing.T) {
		raw, err := os.ReadFile(badge)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(string(raw), ".")
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		parts[1] = base64.RawURLEncoding.EncodeToString(bytes.Replace(payload, []byte("Zoë Ñúñez"), []byte("Mallory Smith"), 1))
		tampered := filepath.Join(t.TempDir(), "tampered.jwt")
		if err := os.WriteFile(tampered, []byte(strings.Join(parts, ".")), 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err = run(t.Context(), []string{"certificate", "verify", "-jwks", jwks, tampered}, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "NOT VALID") || strings.Contains(out.String(), "Mallory") {
			t.Fatalf("a tampered badge: %v\n%s", err, out.String())
		}
	})
	t.Run("WrongKeyFails", func(t *testing.T) {
		_, otherKeys, _ := badgeFiles(t, "https://learn.example.org")
		var out bytes.Buffer
		if err := run(t.Context(), []string{"certificate", "verify", badge, "-jwks", otherKeys}, &out, &out); err == nil {
			t.Fatalf("a badge verified with another issuer's keys:\n%s", out.String())
		}
	})
	t.Run("KeysFetchedFromTheIssuer", func(t *testing.T) {
		var iss *credential.Issuer
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/.well-known/jwks.json" {
				http.NotFound(w, r)
				return
			}
			json.NewEncoder(w).Encode(iss.JWKS())
		}))
		t.Cleanup(srv.Close)
		var badge string
		badge, _, iss = badgeFiles(t, srv.URL)
		var out, errOut bytes.Buffer
		if err := run(t.Context(), []string{"certificate", "verify", badge}, &out, &errOut); err != nil {
			t.Fatalf("%v\n%s", err, errOut.String())
		}
		if !strings.Contains(out.String(), srv.URL+"/.well-known/jwks.json") {
			t.Errorf("the output does not name the keys used:\n%s", out.String())
		}
	})
}
