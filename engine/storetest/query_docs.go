package storetest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// testStatementDocs holds StatementDocs and StatementDocByID to Statements
// and StatementByID: the same statements in the same pages, each as its
// stored document, compact, with its stored time.
func testStatementDocs(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("SamePagesAsStatements", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		st := inRegistration(5, 0)
		st[1].Timestamp = nil
		st[2].Result.Extensions = json.RawMessage(`{"` + home + `x/n": {"a b": [1.0, 1E2, "c\"d\\"]}}`)
		mustStore(t, s, st...)
		f := lrs.StatementFilter{Registration: st[0].Context.Registration, Limit: 3}
		for page := 0; ; page++ {
			want, wantNext, err := s.Statements.Statements(t.Context(), f)
			must(t, err)
			docs, next, err := s.Statements.StatementDocs(t.Context(), f)
			must(t, err)
			if next != wantNext || len(docs) != len(want) {
				t.Fatalf("page %d: %d documents and cursor %q, want %d and %q", page, len(docs), next, len(want), wantNext)
			}
			for i := range docs {
				sameDoc(t, docs[i], &want[i])
			}
			if next == "" {
				break
			}
			f.Cursor = next
		}
	})

	t.Run("ByID", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, target := baseStatement(), baseStatement()
		mustStore(t, s, a, target, voiding(target.ID))
		for _, c := range []struct {
			id     string
			voided bool
		}{{a.ID, false}, {target.ID, true}} {
			want, err := s.Statements.StatementByID(t.Context(), c.id, c.voided)
			must(t, err)
			doc, err := s.Statements.StatementDocByID(t.Context(), c.id, c.voided)
			must(t, err)
			sameDoc(t, *doc, want)
			if _, err := s.Statements.StatementDocByID(t.Context(), c.id, !c.voided); engine.ErrorCode(err) != engine.ENOTFOUND {
				t.Fatalf("StatementDocByID(%s, %v): %v, want ENOTFOUND", c.id, !c.voided, err)
			}
		}
		if _, err := s.Statements.StatementDocByID(t.Context(), "not-a-uuid", false); engine.ErrorCode(err) != engine.ENOTFOUND {
			t.Fatalf("StatementDocByID of a bad id: %v, want ENOTFOUND", err)
		}
	})
}

// sameDoc fails the test unless doc is want's stored document: compact,
// the same statement, stored when want was.
func sameDoc(t testing.TB, doc lrs.StoredStatement, want *xapi.Statement) {
	t.Helper()
	var compact bytes.Buffer
	must(t, json.Compact(&compact, doc.Doc))
	if !bytes.Equal(compact.Bytes(), doc.Doc) {
		t.Fatalf("document is not compact:\n%s", doc.Doc)
	}
	var got xapi.Statement
	must(t, json.Unmarshal(doc.Doc, &got))
	g, err := got.AppendJSON(nil)
	must(t, err)
	w, err := want.AppendJSON(nil)
	must(t, err)
	if !bytes.Equal(g, w) {
		t.Fatalf("document\n%s\nis not the statement\n%s", doc.Doc, w)
	}
	if want.Stored == nil || !doc.Stored.Equal(*want.Stored) {
		t.Fatalf("stored %v, want %v", doc.Stored, want.Stored)
	}
}
