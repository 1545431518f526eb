package xapi_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	_ "crypto/sha512"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// signer makes JWS compact serializations with one RSA key.
type signer struct {
	key  *rsa.PrivateKey
	cert []byte // DER, self-signed
}

func mustSigner(tb testing.TB) *signer {
	tb.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "lode test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	return &signer{key: key, cert: cert}
}

var algHashes = map[string]crypto.Hash{"RS256": crypto.SHA256, "RS384": crypto.SHA384, "RS512": crypto.SHA512}

// sign returns header.payload.signature for payload, with the header
// fields given.
func (s *signer) sign(tb testing.TB, header map[string]any, payload []byte) []byte {
	tb.Helper()
	hb, _ := json.Marshal(header)
	input := b64(hb) + "." + b64(payload)
	hash, ok := algHashes[header["alg"].(string)]
	if !ok {
		hash = crypto.SHA256
	}
	h := hash.New()
	h.Write([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, hash, h.Sum(nil))
	if err != nil {
		tb.Fatal(err)
	}
	return []byte(input + "." + b64(sig))
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// withSignature returns the statement raw as received with a signature attachment
// for jws added.
func withSignature(tb testing.TB, raw, jws []byte, v xapi.Version) *xapi.Statement {
	tb.Helper()
	sum := sha256.Sum256(jws)
	att := map[string]any{"usageType": xapi.SignatureUsageType, "display": map[string]string{"en-US": "Signature"},
		"contentType": "application/octet-stream", "length": len(jws), "sha2": hex.EncodeToString(sum[:])}
	return mustParse(tb, edit(tb, raw, "attachments", []any{att}), v)
}

func TestVerifySignature(t *testing.T) {
	s := mustSigner(t)
	stmt := edit(t, mustRead(t, "minimal.json"), "id", "3d2e1f00-1111-4222-8333-444455556666")
	stmt = edit(t, stmt, "result.duration", "P1DT12H36M0.12S")
	x5c := []string{base64.StdEncoding.EncodeToString(s.cert)}
	tampered := func(jws []byte) []byte {
		parts := strings.Split(string(jws), ".")
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		sig[0] ^= 0xff
		return []byte(parts[0] + "." + parts[1] + "." + b64(sig))
	}
	tests := []struct {
		name     string
		jws      []byte
		received []byte // the statement as sent, before the signature attachment
		ok       bool
	}{
		{"RS256", s.sign(t, map[string]any{"alg": "RS256"}, stmt), stmt, true},
		{"RS384", s.sign(t, map[string]any{"alg": "RS384"}, stmt), stmt, true},
		{"RS512", s.sign(t, map[string]any{"alg": "RS512"}, stmt), stmt, true},
		{"RS256 with x5c", s.sign(t, map[string]any{"alg": "RS256", "x5c": x5c}, stmt), stmt, true},
		{"tampered signature with x5c", tampered(s.sign(t, map[string]any{"alg": "RS256", "x5c": x5c}, stmt)), stmt, false},
		{"x5c not a certificate", s.sign(t, map[string]any{"alg": "RS256", "x5c": []string{"bm90IGEgY2VydA=="}}, stmt), stmt, false},
		{"HS256", s.sign(t, map[string]any{"alg": "HS256"}, stmt), stmt, false},
		{"no alg", s.sign(t, map[string]any{"typ": "JWT", "alg": ""}, stmt), stmt, false},
		{"payload not JSON", s.sign(t, map[string]any{"alg": "RS256"}, []byte(strings.Replace(string(stmt), `"`, `'`, 1))), stmt, false},
		{"payload another statement", s.sign(t, map[string]any{"alg": "RS256"}, edit(t, stmt, "verb.id", "http://x.example/other")), stmt, false},
		{"payload without the id the LRS keeps", s.sign(t, map[string]any{"alg": "RS256"}, edit(t, stmt, "id", deleted)), stmt, true},
		{"duration beyond hundredths in the statement", s.sign(t, map[string]any{"alg": "RS256"}, stmt), edit(t, stmt, "result.duration", "P1DT12H36M0.1237S"), true},
		{"two parts", []byte("abc.def"), stmt, false},
		{"header not base64", []byte("!!.e30.c2ln"), stmt, false},
		{"empty signature", []byte(b64([]byte(`{"alg":"RS256"}`)) + "." + b64(stmt) + "."), stmt, false},
	}
	for _, tt := range tests {
		for _, v := range both {
			t.Run(string(v)+"/"+tt.name, func(t *testing.T) {
				st := withSignature(t, tt.received, tt.jws, v)
				err := xapi.VerifySignature(st, tt.jws)
				if tt.ok && err != nil {
					t.Fatalf("VerifySignature: %v", err)
				}
				if !tt.ok {
					var ve *xapi.ValidationError
					if !errors.As(err, &ve) {
						t.Fatalf("VerifySignature = %v, want a *ValidationError", err)
					}
				}
			})
		}
	}
}
