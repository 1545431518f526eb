package http_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// part is one attachment part of a multipart/mixed statement request.
type part struct {
	contentType, hash, encoding string
	content                     []byte
}

func attachmentPart(contentType string, content []byte) part {
	sum := sha256.Sum256(content)
	return part{contentType: contentType, hash: hex.EncodeToString(sum[:]), encoding: "binary", content: content}
}

// attachmentMeta is the statement's attachment property for p.
func (p part) meta(usage string) map[string]any {
	return map[string]any{
		"usageType": usage, "display": map[string]any{"en-US": "certificate"},
		"contentType": p.contentType, "length": len(p.content), "sha2": p.hash,
	}
}

// multipartBody builds a multipart/mixed request: the statements JSON, then
// the parts. It returns the body and its Content-Type.
func multipartBody(tb testing.TB, statements any, parts ...part) ([]byte, string) {
	tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	first, err := w.CreatePart(map[string][]string{"Content-Type": {"application/json"}})
	must(tb, err)
	_, err = first.Write(mustJSON(tb, statements))
	must(tb, err)
	for _, p := range parts {
		h := map[string][]string{"Content-Type": {p.contentType}}
		if p.hash != "" {
			h["X-Experience-Api-Hash"] = []string{p.hash}
		}
		if p.encoding != "" {
			h["Content-Transfer-Encoding"] = []string{p.encoding}
		}
		pw, err := w.CreatePart(h)
		must(tb, err)
		_, err = pw.Write(p.content)
		must(tb, err)
	}
	must(tb, w.Close())
	return buf.Bytes(), "multipart/mixed; boundary=" + w.Boundary()
}

func TestAttachments(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "2.0.0")
	const usage = "https://lode.example/attachments/certificate"
	pdf := attachmentPart("application/pdf", []byte("%PDF-1.7\r\n\x00\xffcertificate "+uuid.NewString()+"\r\n"))
	text := attachmentPart("text/plain", []byte("transcript "+uuid.NewString()))

	t.Run("StoreAndGet", func(t *testing.T) {
		a, b := statement(), statement()
		a["attachments"] = []any{pdf.meta(usage), text.meta(usage)}
		b["attachments"] = []any{pdf.meta(usage)} // the same content, sent once
		body, ct := multipartBody(t, []any{a, b}, pdf, text)
		var ids []string
		c.want(http.StatusOK, http.MethodPost, "/xapi/statements", body, "Content-Type", ct).json(t, &ids)

		r := c.want(http.StatusOK, http.MethodGet, "/xapi/statements?attachments=true&statementId="+ids[0], nil)
		parts := readMultipartAnswer(t, r)
		if len(parts) != 3 {
			t.Fatalf("%d parts, want the statement and 2 attachments", len(parts))
		}
		var st map[string]any
		must(t, json.Unmarshal(parts[0].content, &st))
		if st["id"] != ids[0] {
			t.Fatalf("first part is %v, want statement %s", st["id"], ids[0])
		}
		for i, want := range []part{pdf, text} {
			got := parts[i+1]
			if got.hash != want.hash || got.contentType != want.contentType || !bytes.Equal(got.content, want.content) || got.encoding != "binary" {
				t.Fatalf("part %d: %s %s %s %q, want %s %s binary %q", i+2, got.hash, got.contentType, got.encoding, got.content, want.hash, want.contentType, want.content)
			}
		}

		// The StatementResult as multipart: each content once.
		q := url.Values{"attachments": {"true"}, "agent": {string(mustJSON(t, a["actor"]))}}
		parts = readMultipartAnswer(t, c.want(http.StatusOK, http.MethodGet, "/xapi/statements?"+q.Encode(), nil))
		if len(parts) != 3 || !strings.Contains(string(parts[0].content), `"statements"`) {
			t.Fatalf("query with attachments: %d parts, first %s", len(parts), parts[0].content)
		}

		// Without attachments=true: JSON, no content.
		r = c.want(http.StatusOK, http.MethodGet, "/xapi/statements?statementId="+ids[1], nil)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("Content-Type %q without attachments=true", ct)
		}
	})

	t.Run("FileURLNeedsNoPart", func(t *testing.T) {
		st := statement()
		meta := pdf.meta(usage)
		meta["fileUrl"] = "https://lode.example/files/certificate.pdf"
		st["attachments"] = []any{meta}
		c.post(st)
	})

	t.Run("FileURLWithContent", func(t *testing.T) {
		st := statement()
		meta := text.meta(usage)
		meta["fileUrl"] = "https://lode.example/files/transcript.txt"
		st["attachments"] = []any{meta}
		body, ct := multipartBody(t, st, text)
		var ids []string
		c.want(http.StatusOK, http.MethodPost, "/xapi/statements", body, "Content-Type", ct).json(t, &ids)
		parts := readMultipartAnswer(t, c.want(http.StatusOK, http.MethodGet, "/xapi/statements?attachments=true&statementId="+ids[0], nil))
		if len(parts) != 2 || !bytes.Equal(parts[1].content, text.content) {
			t.Fatalf("%d parts, want the statement and the content sent with it", len(parts))
		}
	})

	bad := map[string]func() ([]byte, string){
		"HashMismatch": func() ([]byte, string) {
			st := statement()
			st["attachments"] = []any{pdf.meta(usage)}
			tampered := pdf
			tampered.content = []byte("not the certificate")
			return multipartBody(t, st, tampered)
		},
		"MissingPart": func() ([]byte, string) {
			st := statement()
			st["attachments"] = []any{pdf.meta(usage), text.meta(usage)}
			return multipartBody(t, st, pdf)
		},
		"ExtraPart": func() ([]byte, string) {
			st := statement()
			st["attachments"] = []any{pdf.meta(usage)}
			return multipartBody(t, st, pdf, text)
		},
		"NoHashHeader": func() ([]byte, string) {
			st := statement()
			st["attachments"] = []any{pdf.meta(usage)}
			p := pdf
			p.hash = ""
			return multipartBody(t, st, p)
		},
		"NotBinary": func() ([]byte, string) {
			st := statement()
			st["attachments"] = []any{pdf.meta(usage)}
			p := pdf
			p.encoding = ""
			return multipartBody(t, st, p)
		},
		"StatementsSplit": func() ([]byte, string) {
			return multipartBody(t, statement(), part{contentType: "application/json", content: mustJSON(t, statement())})
		},
		"FirstPartNotJSON": func() ([]byte, string) {
			body, ct := multipartBody(t, statement())
			return bytes.Replace(body, []byte("application/json"), []byte("text/plain"), 1), ct
		},
		"NoBoundary": func() ([]byte, string) {
			body, _ := multipartBody(t, statement())
			return body, "multipart/mixed"
		},
		"RawAttachmentAsJSON": func() ([]byte, string) {
			st := statement()
			st["attachments"] = []any{pdf.meta(usage)}
			return mustJSON(t, st), "application/json"
		},
	}
	for name, build := range bad {
		t.Run("Rejects"+name, func(t *testing.T) {
			body, ct := build()
			c.want(http.StatusBadRequest, http.MethodPost, "/xapi/statements", body, "Content-Type", ct)
		})
	}

	t.Run("PutWithAttachment", func(t *testing.T) {
		id, st := uuid.NewString(), statement()
		st["attachments"] = []any{text.meta(usage)}
		body, ct := multipartBody(t, st, text)
		c.want(http.StatusNoContent, http.MethodPut, "/xapi/statements?statementId="+id, body, "Content-Type", ct)
	})
}

// readMultipartAnswer parses a multipart/mixed answer into its parts.
func readMultipartAnswer(tb testing.TB, r *xapiResponse) []part {
	tb.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		tb.Fatalf("Content-Type %q, want multipart/mixed", r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	var out []part
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out
		}
		must(tb, err)
		b, err := io.ReadAll(p)
		must(tb, err)
		out = append(out, part{contentType: p.Header.Get("Content-Type"), hash: p.Header.Get("X-Experience-API-Hash"),
			encoding: p.Header.Get("Content-Transfer-Encoding"), content: b})
	}
}

// signedStatement returns st with a signature attachment over it, made with key and
// alg, and the attachment's part.
func signedStatement(tb testing.TB, st map[string]any, key *rsa.PrivateKey, alg string) (map[string]any, part) {
	tb.Helper()
	hashes := map[string]crypto.Hash{"RS256": crypto.SHA256, "RS384": crypto.SHA384, "RS512": crypto.SHA512, "HS256": crypto.SHA256}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(mustJSON(tb, map[string]any{"alg": alg})) + "." + enc.EncodeToString(mustJSON(tb, st))
	h := hashes[alg].New()
	h.Write([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, hashes[alg], h.Sum(nil))
	must(tb, err)
	p := attachmentPart("application/octet-stream", []byte(input+"."+enc.EncodeToString(sig)))
	out := map[string]any{}
	for k, v := range st {
		out[k] = v
	}
	out["attachments"] = []any{p.meta("http://adlnet.gov/expapi/attachments/signature")}
	return out, p
}

func TestSignedStatements(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "1.0.3")
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err)
	post := func(st map[string]any, p part) *xapiResponse {
		body, ct := multipartBody(t, st, p)
		return c.do(http.MethodPost, "/xapi/statements", body, "Content-Type", ct)
	}
	for _, alg := range []string{"RS256", "RS384", "RS512"} {
		t.Run("Accepts"+alg, func(t *testing.T) {
			st, p := signedStatement(t, mergeID(statement(), uuid.NewString()), key, alg)
			if r := post(st, p); r.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", r.StatusCode, r.Body)
			}
		})
	}
	for name, build := range map[string]func() (map[string]any, part){
		"OtherAlgorithm": func() (map[string]any, part) { return signedStatement(t, statement(), key, "HS256") },
		"PayloadNotTheStatement": func() (map[string]any, part) {
			st, p := signedStatement(t, statement(), key, "RS256")
			st["verb"] = map[string]any{"id": "http://adlnet.gov/expapi/verbs/failed"}
			return st, p
		},
		"NotAJWS": func() (map[string]any, part) {
			p := attachmentPart("application/octet-stream", []byte("not a signature"))
			st := statement()
			st["attachments"] = []any{p.meta("http://adlnet.gov/expapi/attachments/signature")}
			return st, p
		},
		"WrongContentType": func() (map[string]any, part) {
			st, p := signedStatement(t, statement(), key, "RS256")
			p.contentType = "application/json"
			meta := p.meta("http://adlnet.gov/expapi/attachments/signature")
			st["attachments"] = []any{meta}
			return st, p
		},
	} {
		t.Run("Rejects"+name, func(t *testing.T) {
			st, p := build()
			if r := post(st, p); r.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", r.StatusCode, r.Body)
			}
		})
	}
}
