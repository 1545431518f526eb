package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestPutStatement(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "2.0.0")

	t.Run("StoresWith204", func(t *testing.T) {
		id := uuid.NewString()
		st := statement()
		r := c.want(http.StatusNoContent, http.MethodPut, "/xapi/statements?statementId="+id, mustJSON(t, st))
		if len(r.Body) != 0 {
			t.Fatalf("a 204 with a body: %s", r.Body)
		}
		got := c.get(id)
		if got["id"] != id || got["verb"].(map[string]any)["id"] != st["verb"].(map[string]any)["id"] {
			t.Fatalf("stored %v", got)
		}
	})

	t.Run("SameAgainIs204", func(t *testing.T) {
		id, st := uuid.NewString(), statement()
		c.want(http.StatusNoContent, http.MethodPut, "/xapi/statements?statementId="+id, mustJSON(t, st))
		st["id"] = strings.ToUpper(id)
		c.want(http.StatusNoContent, http.MethodPut, "/xapi/statements?statementId="+id, mustJSON(t, st))
	})

	t.Run("DifferentIs409AndKeepsTheFirst", func(t *testing.T) {
		id, st := uuid.NewString(), statement()
		c.want(http.StatusNoContent, http.MethodPut, "/xapi/statements?statementId="+id, mustJSON(t, st))
		other := statement()
		c.want(http.StatusConflict, http.MethodPut, "/xapi/statements?statementId="+id, mustJSON(t, other))
		c.want(http.StatusConflict, http.MethodPost, "/xapi/statements", mustJSON(t, mergeID(other, id)))
		if got := c.get(id); got["actor"].(map[string]any)["mbox"] != st["actor"].(map[string]any)["mbox"] {
			t.Fatalf("the statement changed: %v", got)
		}
	})

	for name, path := range map[string]string{
		"NoStatementId":      "/xapi/statements",
		"StatementIdNotUUID": "/xapi/statements?statementId=42",
		"IdMismatch":         "/xapi/statements?statementId=" + uuid.NewString(),
		"UnknownParameter":   "/xapi/statements?statementId=" + uuid.NewString() + "&verbose=true",
	} {
		t.Run("Rejects"+name, func(t *testing.T) {
			c.want(http.StatusBadRequest, http.MethodPut, path, mustJSON(t, mergeID(statement(), uuid.NewString())))
		})
	}

	t.Run("RejectsAnArray", func(t *testing.T) {
		c.want(http.StatusBadRequest, http.MethodPut, "/xapi/statements?statementId="+uuid.NewString(), mustJSON(t, []any{statement()}))
	})
}

func mergeID(st map[string]any, id string) map[string]any {
	st["id"] = id
	return st
}

func TestPostStatements(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "1.0.3")

	t.Run("OneAndBatch", func(t *testing.T) {
		ids := c.post(statement())
		if len(ids) != 1 || uuid.Validate(ids[0]) != nil {
			t.Fatalf("ids %v, want one UUID", ids)
		}
		given := uuid.NewString()
		ids = c.post(statement(), mergeID(statement(), given), statement())
		if len(ids) != 3 || ids[1] != given {
			t.Fatalf("ids %v, want 3 with %s second", ids, given)
		}
	})

	t.Run("LRSSetsItsProperties", func(t *testing.T) {
		before := time.Now().Add(-time.Second)
		id := c.post(statement())[0]
		got := c.get(id)
		stored, err := time.Parse(time.RFC3339Nano, got["stored"].(string))
		must(t, err)
		if stored.Before(before) || stored.After(time.Now().Add(time.Second)) {
			t.Fatalf("stored %v, want about now", stored)
		}
		if got["timestamp"] != got["stored"] {
			t.Fatalf("timestamp %v, want stored %v when none was sent", got["timestamp"], got["stored"])
		}
		if got["version"] != "1.0.0" {
			t.Fatalf("version %v, want 1.0.0 for a 1.0.3 statement that gave none", got["version"])
		}
		auth, _ := got["authority"].(map[string]any)
		if acct, _ := auth["account"].(map[string]any); acct["name"] != lrsKey {
			t.Fatalf("authority %v, want the client's account %s", auth, lrsKey)
		}
		id2 := e.client(t, "2.0.0").post(statement())[0]
		if v := c.get(id2)["version"]; v != "2.0.0" {
			t.Fatalf("version %v, want 2.0.0 for a 2.0 statement that gave none", v)
		}
		st := statement()
		st["version"] = "1.0.1"
		if v := c.get(c.post(st)[0])["version"]; v != "1.0.1" {
			t.Fatalf("version %v, want the 1.0.1 it was sent with", v)
		}
	})

	t.Run("KeepsTheStatementExactly", func(t *testing.T) {
		st := statement()
		st["result"] = map[string]any{"score": map[string]any{"scaled": 0.5}, "extensions": map[string]any{"https://lode.example/x/b": []any{1, "two"}, "https://lode.example/x/a": nil}}
		st["timestamp"] = "2026-03-01T10:00:00.123Z"
		got := c.get(c.post(st)[0])
		for _, k := range []string{"actor", "verb", "object", "result", "timestamp"} {
			if string(mustJSON(t, got[k])) != string(mustJSON(t, st[k])) {
				t.Fatalf("%s: got %s, want %s", k, mustJSON(t, got[k]), mustJSON(t, st[k]))
			}
		}
	})

	for name, body := range map[string]any{
		"DuplicateIDInBatch": func() any { id := uuid.NewString(); return []any{mergeID(statement(), id), mergeID(statement(), id)} }(),
		"UnknownProperty":    func() any { st := statement(); st["dummy"] = "dummy"; return st }(),
		"NoActor":            func() any { st := statement(); delete(st, "actor"); return st }(),
		"OneBadInBatch":      []any{statement(), map[string]any{"verb": "nope"}},
		"NotJSON":            "{",
	} {
		t.Run("Rejects"+name, func(t *testing.T) {
			b := mustJSON(t, body)
			if s, ok := body.(string); ok {
				b = []byte(s)
			}
			c.want(http.StatusBadRequest, http.MethodPost, "/xapi/statements", b)
		})
	}

	t.Run("RejectsABatchWhole", func(t *testing.T) {
		good := mergeID(statement(), uuid.NewString())
		c.want(http.StatusBadRequest, http.MethodPost, "/xapi/statements", mustJSON(t, []any{good, map[string]any{"verb": "nope"}}))
		c.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?statementId="+good["id"].(string), nil)
	})

	t.Run("ContentType", func(t *testing.T) {
		for _, ct := range []string{"text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"} {
			c.want(http.StatusBadRequest, http.MethodPost, "/xapi/statements", mustJSON(t, statement()), "Content-Type", ct)
		}
		c.want(http.StatusOK, http.MethodPost, "/xapi/statements", mustJSON(t, statement()), "Content-Type", "application/json; charset=utf-8")
	})

	t.Run("NeedsCredentials", func(t *testing.T) {
		anon := &xapiClient{tb: t, base: e.URL, version: "1.0.3"}
		anon.want(http.StatusUnauthorized, http.MethodPost, "/xapi/statements", mustJSON(t, statement()))
		cl, secret, err := e.Creds.Create(t.Context(), "reader", []string{"statements/read"})
		must(t, err)
		reader := &xapiClient{tb: t, base: e.URL, version: "1.0.3", key: cl.Key, secret: secret}
		reader.want(http.StatusForbidden, http.MethodPost, "/xapi/statements", mustJSON(t, statement()))
	})
}

func TestVoiding(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "2.0.0")
	target := statement()
	reg := uuid.NewString()
	target["context"] = map[string]any{"registration": reg}
	targetID := c.post(target)[0]
	voidingID := c.post(voidingOf(targetID))[0]

	c.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?statementId="+targetID, nil)
	var got map[string]any
	c.want(http.StatusOK, http.MethodGet, "/xapi/statements?voidedStatementId="+targetID, nil).json(t, &got)
	if got["id"] != targetID {
		t.Fatalf("voidedStatementId returned %v", got["id"])
	}
	c.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?voidedStatementId="+voidingID, nil)
	c.get(voidingID)

	// Queries leave the voided statement out but keep what targets it.
	ids, _ := c.query(url.Values{"registration": {reg}})
	sameStrings(t, "statements of the voided statement's registration", ids, voidingID)

	// A voiding statement cannot be voided.
	c.want(http.StatusBadRequest, http.MethodPost, "/xapi/statements", mustJSON(t, voidingOf(voidingID)))
	c.get(voidingID)
	// Voiding what is unknown is allowed.
	c.post(voidingOf(uuid.NewString()))
}

func TestGetStatementParameters(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "2.0.0")
	id := c.post(statement())[0]
	for _, q := range []string{
		"statementId=" + id + "&voidedStatementId=" + id,
		"statementId=" + id + "&agent=" + url.QueryEscape(`{"mbox":"mailto:a@b.example"}`),
		"statementId=" + id + "&verb=http://adlnet.gov/expapi/verbs/attended",
		"statementId=" + id + "&limit=1",
		"statementId=" + id + "&ascending=true",
		"voidedStatementId=" + id + "&since=2020-01-01T00:00:00Z",
		"LIMIT=1",
		"limit=-1",
		"limit=many",
		"ascending=yes",
		"format=full",
		"attachments=1",
		"since=yesterday",
		"registration=not-a-uuid",
		"verb=not%20an%20iri",
		"agent=" + url.QueryEscape(`{"name":"no identifier"}`),
		"agent=not-json",
		"cursor=not-a-cursor",
	} {
		r := c.want(http.StatusBadRequest, http.MethodGet, "/xapi/statements?"+q, nil)
		if r.Header.Get("X-Experience-API-Consistent-Through") == "" {
			t.Fatalf("GET ?%s: 400 without X-Experience-API-Consistent-Through", q)
		}
	}
	for _, q := range []string{"statementId=" + id + "&format=ids", "statementId=" + id + "&attachments=false", "statementId=" + id + "&format=canonical&attachments=true"} {
		c.want(http.StatusOK, http.MethodGet, "/xapi/statements?"+q, nil)
	}
	c.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?statementId="+uuid.NewString(), nil)
}

func TestGetStatementHeaders(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "2.0.0")
	id := c.post(statement())[0]
	st := c.get(id)
	stored, err := time.Parse(time.RFC3339Nano, st["stored"].(string))
	must(t, err)

	for _, path := range []string{"/xapi/statements?statementId=" + id, "/xapi/statements"} {
		get := c.want(http.StatusOK, http.MethodGet, path, nil)
		head := c.want(http.StatusOK, http.MethodHead, path, nil)
		if len(head.Body) != 0 {
			t.Fatalf("HEAD %s has a body", path)
		}
		for _, h := range []string{"Content-Type", "X-Experience-API-Version", "X-Experience-API-Consistent-Through", "Last-Modified"} {
			if get.Header.Get(h) == "" || head.Header.Get(h) == "" {
				t.Fatalf("%s: %s is %q on GET and %q on HEAD", path, h, get.Header.Get(h), head.Header.Get(h))
			}
		}
		through, err := time.Parse(time.RFC3339Nano, get.Header.Get("X-Experience-API-Consistent-Through"))
		must(t, err)
		if through.Before(stored) {
			t.Fatalf("consistent through %v, before the statement stored at %v", through, stored)
		}
	}
	lm, err := http.ParseTime(c.want(http.StatusOK, http.MethodGet, "/xapi/statements?statementId="+id, nil).Header.Get("Last-Modified"))
	must(t, err)
	if !lm.Equal(stored.Truncate(time.Second)) {
		t.Fatalf("Last-Modified %v, want the stored time %v", lm, stored)
	}
}
