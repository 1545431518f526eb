package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/postgres"
	"github.com/lode-elearning/lode/engine/storetest"
)

// TestStatementsAsStored holds the answers written from stored documents
// (GET of statements in format exact without attachments) to the answers
// of the decoding path, which attachments=true still takes: the first part
// of its multipart answer is the statement, or StatementResult, decoded and
// encoded as every GET was before issue 15. On SQLite the two are the same
// bytes. On PostgreSQL they are the same JSON: jsonb keeps an object's
// members in its own order (shortest key first) and numbers in its own
// notation (1E2 as 100), which the decoding path put back in the order of
// Go's types and in Go's notation.
func TestStatementsAsStored(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		db, _ := mustOpenDB(t)
		testStatementsAsStored(t, mustServeLRSOn(t, db), true)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		ctx := context.Background()
		pg, err := postgres.Open(ctx, storetest.PostgresDatabase(t))
		must(t, err)
		t.Cleanup(func() { pg.Close() })
		must(t, pg.Migrate(ctx))
		testStatementsAsStored(t, mustServeLRSOn(t, pg), false)
	})
}

func testStatementsAsStored(t *testing.T, e *lrsEnv, sameBytes bool) {
	ids, voided := storeVariedStatements(t, e)
	for _, version := range []string{"1.0.3", "2.0.0"} {
		c := e.client(t, version)
		t.Run("Statement/"+version, func(t *testing.T) {
			for _, id := range ids {
				asStored := c.want(http.StatusOK, http.MethodGet, "/xapi/statements?statementId="+id, nil)
				decoded := c.want(http.StatusOK, http.MethodGet, "/xapi/statements?attachments=true&statementId="+id, nil)
				sameAnswer(t, asStored, firstPart(t, decoded), decoded, sameBytes)
				exact := c.want(http.StatusOK, http.MethodGet, "/xapi/statements?format=exact&statementId="+id, nil)
				sameAnswer(t, exact, asStored.Body, asStored, true)
			}
			asStored := c.want(http.StatusOK, http.MethodGet, "/xapi/statements?voidedStatementId="+voided, nil)
			decoded := c.want(http.StatusOK, http.MethodGet, "/xapi/statements?attachments=true&voidedStatementId="+voided, nil)
			sameAnswer(t, asStored, firstPart(t, decoded), decoded, sameBytes)
			head := c.want(http.StatusOK, http.MethodHead, "/xapi/statements?statementId="+ids[0], nil)
			if len(head.Body) != 0 || head.Header.Get("Last-Modified") == "" {
				t.Fatalf("HEAD: body %q, Last-Modified %q", head.Body, head.Header.Get("Last-Modified"))
			}
		})
		t.Run("Pages/"+version, func(t *testing.T) {
			for _, q := range []url.Values{
				{"limit": {"4"}},
				{"limit": {"5"}, "ascending": {"true"}},
				{"agent": {`{"mbox":"mailto:docs@library.example"}`}},
				{"verb": {"http://adlnet.gov/expapi/verbs/voided"}},
			} {
				pages := samePages(t, c, q, sameBytes)
				if q.Has("limit") && pages < 3 {
					t.Fatalf("%v: %d pages: the test means to follow more links", q, pages)
				}
			}
		})
	}
}

// samePages compares the pages of the query q, following the more links,
// and returns how many there were.
func samePages(t *testing.T, c *xapiClient, q url.Values, sameBytes bool) int {
	t.Helper()
	path := "/xapi/statements?" + q.Encode()
	pages := 0
	for ; path != ""; pages++ {
		asStored := c.want(http.StatusOK, http.MethodGet, path, nil)
		withAtt, err := url.Parse(path)
		must(t, err)
		wq := withAtt.Query()
		wq.Set("attachments", "true")
		decoded := c.want(http.StatusOK, http.MethodGet, withAtt.Path+"?"+wq.Encode(), nil)
		// The decoded page's more link repeats attachments=true, which
		// url.Values.Encode writes first.
		want := bytes.Replace(firstPart(t, decoded), []byte(`attachments=true\u0026`), nil, 1)
		sameAnswer(t, asStored, want, decoded, sameBytes)
		var res struct{ More string }
		asStored.json(t, &res)
		path = res.More
	}
	return pages
}

// sameAnswer fails t unless got's body is want (the same bytes, or with
// sameBytes false the same JSON) and its headers are those of wantHeaders'
// answer.
func sameAnswer(t *testing.T, got *xapiResponse, want []byte, wantHeaders *xapiResponse, sameBytes bool) {
	t.Helper()
	if sameBytes && !bytes.Equal(got.Body, want) {
		t.Fatalf("GET %s:\n%s\nwant the bytes\n%s", got.Request.URL, got.Body, want)
	}
	var g, w any
	must(t, json.Unmarshal(got.Body, &g))
	must(t, json.Unmarshal(want, &w))
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("GET %s:\n%s\nwant the JSON\n%s", got.Request.URL, got.Body, want)
	}
	for _, h := range []string{"Last-Modified", "X-Experience-API-Version"} {
		if got.Header.Get(h) != wantHeaders.Header.Get(h) {
			t.Fatalf("GET %s: %s %q, want %q", got.Request.URL, h, got.Header.Get(h), wantHeaders.Header.Get(h))
		}
	}
	if ct := got.Header.Get("Content-Type"); ct != "application/json; charset=UTF-8" {
		t.Fatalf("GET %s: Content-Type %q", got.Request.URL, ct)
	}
	if got.Header.Get("X-Experience-API-Consistent-Through") == "" {
		t.Fatalf("GET %s: no X-Experience-API-Consistent-Through", got.Request.URL)
	}
}

// firstPart is the JSON of a multipart answer, without the newline
// json.Encoder ends it with.
func firstPart(t *testing.T, r *xapiResponse) []byte {
	t.Helper()
	return bytes.TrimSuffix(readMultipartAnswer(t, r)[0].content, []byte("\n"))
}

// storeVariedStatements stores every statement of sdk/xapi's testdata, as
// a 1.0.3 and as a 2.0.0 client where the version allows it, and
// statements that test what a stored document holds: no timestamp, an
// offset timestamp, characters JSON encoders escape differently, numbers
// in every notation, extension members named like the statement's own,
// attachments by fileUrl and by content, a reference and a voided
// statement. It returns the ids readable by statementId and the voided one.
func storeVariedStatements(t *testing.T, e *lrsEnv) (ids []string, voided string) {
	t.Helper()
	for _, doc := range fixtureStatements(t) {
		stored := 0
		for _, version := range []string{"1.0.3", "2.0.0"} {
			r := e.client(t, version).do(http.MethodPost, "/xapi/statements", withNewID(t, doc))
			if r.StatusCode == http.StatusOK {
				ids = append(ids, postedIDs(t, r)...)
				stored++
			}
		}
		if stored == 0 {
			t.Fatalf("no version stores the fixture %s", doc)
		}
	}
	c := e.client(t, "2.0.0")
	for _, doc := range craftedStatements() {
		ids = append(ids, postedIDs(t, c.want(http.StatusOK, http.MethodPost, "/xapi/statements", withNewID(t, []byte(doc))))...)
	}
	ids = append(ids, c.post(map[string]any{"actor": map[string]any{"mbox": "mailto:docs@library.example"},
		"verb": map[string]any{"id": "http://adlnet.gov/expapi/verbs/experienced"}, "object": map[string]any{"objectType": "StatementRef", "id": ids[0]}})...)
	text := attachmentPart("text/plain", []byte("transcript <&> "+uuid.NewString()))
	st := statement()
	st["attachments"] = []any{text.meta("https://lode.example/attachments/transcript")}
	body, ct := multipartBody(t, st, text)
	ids = append(ids, postedIDs(t, c.want(http.StatusOK, http.MethodPost, "/xapi/statements", body, "Content-Type", ct))...)
	voided = c.post(statement())[0]
	ids = append(ids, c.post(voidingOf(voided))...)
	return ids, voided
}

// fixtureStatements returns each statement of sdk/xapi/testdata/statements.
func fixtureStatements(t *testing.T) [][]byte {
	t.Helper()
	files, err := filepath.Glob("../../sdk/xapi/testdata/statements/*.json")
	must(t, err)
	if len(files) == 0 {
		t.Fatal("no statements in sdk/xapi/testdata/statements")
	}
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		must(t, err)
		var list []json.RawMessage
		if err := json.Unmarshal(b, &list); err != nil {
			list = []json.RawMessage{b}
		}
		for _, st := range list {
			out = append(out, st)
		}
	}
	return out
}

// craftedStatements are statements as a client writes them, each with
// "id":"%s" for withNewID to fill.
func craftedStatements() []string {
	const actor = `"actor":{"objectType":"Agent","name":"Quote \" and back\\","mbox":"mailto:docs@library.example"}`
	return []string{
		// No timestamp: the answer has the stored time as timestamp.
		`{"id":"%s",` + actor + `,"verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"<b>answered</b> & \u2028 é ☃ 😀"}},
		 "object":{"id":"https://lode.example/q/1","definition":{"name":{"en-US":"Q1"},"extensions":{"https://lode.example/x/stored":{"stored":"2020-01-01T00:00:00Z","timestamp":"no"}}}},
		 "result":{"score":{"scaled":0.50,"raw":1E2,"min":-0.0,"max":1e3},"success":true,"duration":"PT1.5S",
		   "extensions":{"https://lode.example/x/n":[1.0,1E2,123456789012345678901234567890,0.1,-5e-7,{"a":"]}\\\"","stored":{"b":[true,null]}}]}},
		 "context":{"registration":"` + uuid.NewString() + `","extensions":{"https://lode.example/x/timestamp":"2020-01-01T00:00:00Z"}}}`,
		// A timestamp with an offset and more digits than the stores keep.
		`{"id":"%s",` + actor + `,"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://lode.example/q/2"},
		 "timestamp":"2024-02-29T23:59:59.123456789+05:30"}`,
		// An attachment by fileUrl, and a group as actor.
		`{"id":"%s","actor":{"objectType":"Group","name":"Team","member":[{"mbox":"mailto:docs@library.example"},{"account":{"homePage":"https://lode.example","name":"a b"}}]},
		 "verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},"object":{"id":"https://lode.example/q/3"},
		 "attachments":[{"usageType":"https://lode.example/a","display":{"en-US":"file"},"contentType":"application/pdf","length":12,
		   "sha2":"495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a","fileUrl":"https://lode.example/files/a?x=1&y=2"}]}`,
	}
}

// withNewID returns the statement doc with a new id, its numbers and
// everything else as written.
func withNewID(t *testing.T, doc []byte) []byte {
	t.Helper()
	if bytes.Contains(doc, []byte(`"id":"%s"`)) {
		return bytes.Replace(doc, []byte(`%s`), []byte(uuid.NewString()), 1)
	}
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var st map[string]any
	must(t, d.Decode(&st))
	st["id"] = uuid.NewString()
	return mustJSON(t, st)
}

func postedIDs(t *testing.T, r *xapiResponse) []string {
	t.Helper()
	var ids []string
	r.json(t, &ids)
	if len(ids) == 0 || strings.Contains(ids[0], " ") {
		t.Fatalf("POST answered %s", r.Body)
	}
	return ids
}
