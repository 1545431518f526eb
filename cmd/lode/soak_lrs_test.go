package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// postStatements posts n statements as client w (one at a time when n is
// 1, else as a batch); the ids of a 200 are kept for checkWrites.
func (l *soakLoad) postStatements(w, n int) {
	stmts, ids := faultStatements(0, w, n)
	var body []byte
	if n == 1 {
		body, _ = json.Marshal(stmts[0])
	} else {
		body, _ = json.Marshal(stmts)
	}
	status, answer, _, err := do(lrsRequest(http.MethodPost, l.srv.URL+"/xapi/statements", bytes.NewReader(body)))
	var got []string
	ok := status == http.StatusOK && json.Unmarshal(answer, &got) == nil && slices.Equal(got, ids)
	l.note("lrs", status, err, ok, fmt.Sprintf("POST %d statements: %.200s", n, answer))
	if ok {
		l.mu.Lock()
		for _, id := range ids {
			l.acked[id] = true
		}
		l.mu.Unlock()
	}
}

// soakQueries are what the reading client asks for in turn.
var soakQueries = []url.Values{
	{"limit": {"20"}},
	{"limit": {"20"}, "verb": {"http://adlnet.gov/expapi/verbs/answered"}},
	{"limit": {"20"}, "agent": {`{"objectType":"Agent","mbox":"mailto:client0@faults.example"}`}},
	{"limit": {"10"}, "verb": {"http://adlnet.gov/expapi/verbs/completed"}, "format": {"ids"}},
}

// queryStatements reads one page of statements, and the next when there is one.
func (l *soakLoad) queryStatements() {
	l.mu.Lock()
	n := l.requests["lrs-query"][http.StatusOK]
	l.mu.Unlock()
	next := "/xapi/statements?" + soakQueries[n%len(soakQueries)].Encode()
	for range 2 {
		status, body, _, err := do(lrsRequest(http.MethodGet, l.srv.URL+next, nil))
		var page struct {
			More string `json:"more"`
		}
		ok := status == http.StatusOK && json.Unmarshal(body, &page) == nil
		l.note("lrs-query", status, err, ok, "GET "+next+": "+string(body))
		if !ok || page.More == "" {
			return
		}
		next = page.More
	}
}

// documentQuery names State document i of the soak's writer.
func soakDocumentQuery(i int) string {
	return url.Values{
		"activityId": {"https://soak.example/documents"},
		"agent":      {`{"objectType":"Agent","mbox":"mailto:documents@soak.example"}`},
		"stateId":    {fmt.Sprintf("doc-%d", i)},
	}.Encode()
}

// putDocument writes sequence number seq to the next State document in turn.
func (l *soakLoad) putDocument(seq int) {
	i := seq % soakDocuments
	l.mu.Lock()
	l.documents[i].tried = seq
	l.mu.Unlock()
	req := lrsRequest(http.MethodPut, l.srv.URL+"/xapi/activities/state?"+soakDocumentQuery(i), strings.NewReader(fmt.Sprintf(`{"seq":%d}`, seq)))
	status, answer, _, err := do(req)
	ok := status == http.StatusNoContent
	l.note("documents", status, err, ok, fmt.Sprintf("PUT doc-%d: %.200s", i, answer))
	if ok {
		l.mu.Lock()
		l.documents[i].acked = seq
		l.mu.Unlock()
	}
}

// checkWrites reads back what was acknowledged: every statement whole,
// every State document at its last acknowledged write or a later one
// tried, and one module completion for each learner told they completed.
func (l *soakLoad) checkWrites(t *testing.T) {
	t.Helper()
	since := l.began.Add(-time.Second).UTC().Format(time.RFC3339Nano)
	stored := map[string]string{}
	for w := range 3 {
		agent := fmt.Sprintf(`{"objectType":"Agent","mbox":"mailto:client%d@faults.example"}`, w)
		for _, st := range l.srv.statements(t, url.Values{"agent": {agent}, "since": {since}}) {
			stored[st.ID] = st.Result.Response
		}
	}
	lost := 0
	for id := range l.acked {
		if got, ok := stored[id]; !ok {
			lost++
		} else if got != id {
			t.Errorf("statement %s is stored with response %q: not whole", id, got)
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged statements are not stored", lost, len(l.acked))
	}
	for i, d := range l.documents {
		status, body, _, err := do(lrsRequest(http.MethodGet, l.srv.URL+"/xapi/activities/state?"+soakDocumentQuery(i), nil))
		var got struct{ Seq int }
		if err != nil || status != http.StatusOK || json.Unmarshal(body, &got) != nil || got.Seq < d.acked || got.Seq > d.tried {
			t.Errorf("State document doc-%d reads back %d %q (%v); write %d was the last acknowledged, %d the last tried", i, status, body, err, d.acked, d.tried)
		}
	}
	// Every learner's completions would take minutes to read after an
	// hour: read 500 of them, spread over the run.
	checked := 0
	for i := 0; i < len(l.completed); i += max(1, len(l.completed)/500) {
		fl := l.completed[i]
		checked++
		q := url.Values{"agent": {l.srv.learnerAgent(t, fl)}, "verb": {"http://adlnet.gov/expapi/verbs/completed"}, "activity": {l.srv.URL + soakModule}}
		if n := len(l.srv.statements(t, q)); n != 1 {
			t.Errorf("a learner told they completed the module has %d module completions, want 1", n)
		}
	}
	t.Logf("read back %d acknowledged statements, %d State documents and the completions of %d of %d learners",
		len(l.acked), soakDocuments, checked, len(l.completed))
}
