package lrsapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestDocumentParams(t *testing.T) {
	l := newDocumentsLRS(t)
	state := stateQuery()
	profile := documentQueryFor("/activities/profile")
	agentProfile := documentQueryFor("/agents/profile")
	cases := []struct {
		name   string
		method string
		path   string
		query  url.Values
		field  string // the parameter the error must name
	}{
		{"state PUT without activityId", http.MethodPut, "/activities/state", with(state, "activityId", ""), "activityId"},
		{"state GET without activityId", http.MethodGet, "/activities/state", with(state, "activityId", ""), "activityId"},
		{"state DELETE without activityId", http.MethodDelete, "/activities/state", with(state, "activityId", ""), "activityId"},
		{"state activityId not an IRI", http.MethodPut, "/activities/state", with(state, "activityId", "true"), "activityId"},
		{"state PUT without agent", http.MethodPut, "/activities/state", with(state, "agent", ""), "agent"},
		{"state POST without agent", http.MethodPost, "/activities/state", with(state, "agent", ""), "agent"},
		{"state GET without agent", http.MethodGet, "/activities/state", with(state, "agent", ""), "agent"},
		{"state agent not JSON", http.MethodGet, "/activities/state", with(state, "agent", `{"account":`), "agent"},
		{"state agent true", http.MethodDelete, "/activities/state", with(state, "agent", "true"), "agent"},
		{"state agent without an identifier", http.MethodPut, "/activities/state", with(state, "agent", `{"name":"Ada"}`), "agent"},
		{"state registration not a UUID", http.MethodPost, "/activities/state", with(state, "registration", "true"), "registration"},
		{"state PUT without stateId", http.MethodPut, "/activities/state", with(state, "stateId", ""), "stateId"},
		{"state POST without stateId", http.MethodPost, "/activities/state", with(state, "stateId", ""), "stateId"},
		{"state since not a timestamp", http.MethodGet, "/activities/state", with(state, "stateId", "", "since", "not a timestamp"), "since"},
		{"state DELETE with since", http.MethodDelete, "/activities/state", with(state, "stateId", "", "since", "2024-01-01T00:00:00Z"), "since"},
		{"state unknown parameter", http.MethodGet, "/activities/state", with(state, "foo", "bar"), "foo"},
		{"state profileId", http.MethodGet, "/activities/state", with(state, "profileId", "x"), "profileId"},
		{"state empty stateId", http.MethodGet, "/activities/state", emptyParam(state, "stateId"), "stateId"},
		{"activity profile PUT without activityId", http.MethodPut, "/activities/profile", with(profile, "activityId", ""), "activityId"},
		{"activity profile DELETE without profileId", http.MethodDelete, "/activities/profile", with(profile, "profileId", ""), "profileId"},
		{"activity profile with agent", http.MethodGet, "/activities/profile", with(profile, "agent", testAgent), "agent"},
		{"activity profile since true", http.MethodGet, "/activities/profile", with(profile, "profileId", "", "since", "true"), "since"},
		{"agent profile GET without agent", http.MethodGet, "/agents/profile", with(agentProfile, "agent", ""), "agent"},
		{"agent profile agent true", http.MethodGet, "/agents/profile", with(agentProfile, "agent", "true"), "agent"},
		{"agent profile PUT without profileId", http.MethodPut, "/agents/profile", with(agentProfile, "profileId", ""), "profileId"},
		{"agent profile DELETE without profileId", http.MethodDelete, "/agents/profile", with(agentProfile, "profileId", ""), "profileId"},
		{"activities without activityId", http.MethodGet, "/activities", url.Values{}, "activityId"},
		{"activities activityId not an IRI", http.MethodGet, "/activities", url.Values{"activityId": {"true"}}, "activityId"},
		{"activities unknown parameter", http.MethodGet, "/activities", url.Values{"activityId": {"https://a.example"}, "x": {"1"}}, "x"},
		{"agents without agent", http.MethodGet, "/agents", url.Values{}, "agent"},
		{"agents agent without an identifier", http.MethodGet, "/agents", url.Values{"agent": {`{"objectType":"Agent","name":"Rick"}`}}, "agent"},
		{"about with a parameter", http.MethodGet, "/about", url.Values{"v": {"1"}}, "v"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := ""
			if tc.method == http.MethodPut || tc.method == http.MethodPost {
				body = `{"a":1}`
			}
			rec := l.want(http.StatusBadRequest, request{method: tc.method, path: tc.path, query: tc.query, body: body,
				header: map[string]string{"If-None-Match": "*"}})
			var e struct {
				Error struct{ Field, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
				t.Fatalf("error body %q: %v", rec.Body, err)
			}
			if !strings.HasPrefix(e.Error.Field, tc.field) {
				t.Fatalf("error names %q (%s), want %q", e.Error.Field, e.Error.Message, tc.field)
			}
		})
	}
}

func TestDocumentVersionHeader(t *testing.T) {
	l := newDocumentsLRS(t)
	for _, path := range append(slices.Clone(documentPaths), "/activities", "/agents") {
		l.want(http.StatusBadRequest, request{method: http.MethodGet, path: path, query: documentQueryFor(path), version: "-"})
		l.want(http.StatusBadRequest, request{method: http.MethodGet, path: path, query: documentQueryFor(path), version: "0.95"})
	}
	rec := l.want(http.StatusOK, request{method: http.MethodGet, path: "/about", version: "-"})
	var about struct {
		Version []string `json:"version"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &about); err != nil || !slices.Contains(about.Version, "1.0.3") || !slices.Contains(about.Version, "2.0.0") {
		t.Fatalf("about %s (%v), want versions 1.0.3 and 2.0.0", rec.Body, err)
	}
}

func TestDocumentIDs(t *testing.T) {
	l := newDocumentsLRS(t)
	for _, path := range documentPaths {
		t.Run(path, func(t *testing.T) {
			q := documentQueryFor(path)
			idParam := documentIDParam(path)
			list := with(q, idParam, "")
			wantIDs(t, l, path, list)

			before := time.Now().UTC().Add(-time.Minute)
			for _, id := range []string{"b", "a"} {
				l.want(http.StatusNoContent, request{method: http.MethodPost, path: path, query: with(q, idParam, id), body: `{}`})
			}
			rec := wantIDs(t, l, path, list, "a", "b")
			lm, err := http.ParseTime(rec.Header().Get("Last-Modified"))
			if err != nil || lm.Before(before) {
				t.Fatalf("Last-Modified %q, want the time of the latest document", rec.Header().Get("Last-Modified"))
			}
			if rec.Header().Get("ETag") == "" {
				t.Fatal("no ETag on the list")
			}
			wantIDs(t, l, path, with(list, "since", before.Format(time.RFC3339Nano)), "a", "b")
			wantIDs(t, l, path, with(list, "since", time.Now().Add(time.Minute).Format("2006-01-02T15:04:05.000-07:00")))
		})
	}
}

// emptyParam returns q with the parameter name given but empty.
func emptyParam(q url.Values, name string) url.Values {
	out := with(q)
	out.Set(name, "")
	return out
}

func wantIDs(tb testing.TB, l *documentsLRS, path string, q url.Values, want ...string) *httptest.ResponseRecorder {
	tb.Helper()
	rec := l.want(http.StatusOK, request{method: http.MethodGet, path: path, query: q})
	var got []string
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got == nil {
		tb.Fatalf("ids %q (%v), want a JSON array", rec.Body, err)
	}
	if !slices.Equal(got, want) && len(got)+len(want) > 0 {
		tb.Fatalf("ids %q, want %q", got, want)
	}
	return rec
}

func TestDeleteAllState(t *testing.T) {
	l := newDocumentsLRS(t)
	q := stateQuery()
	reg := uuid.NewString()
	for _, doc := range []url.Values{with(q, "stateId", "a"), with(q, "stateId", "b", "registration", reg), with(q, "stateId", "c")} {
		l.want(http.StatusNoContent, request{method: http.MethodPut, path: "/activities/state", query: doc, body: `{}`})
	}
	other := with(q, "activityId", "https://lode.example/activities/"+uuid.NewString())
	l.want(http.StatusNoContent, request{method: http.MethodPut, path: "/activities/state", query: other, body: `{}`})

	all := with(q, "stateId", "")
	wantIDs(t, l, "/activities/state", with(all, "registration", reg), "b")
	l.want(http.StatusNoContent, request{method: http.MethodDelete, path: "/activities/state", query: with(all, "registration", reg)})
	wantIDs(t, l, "/activities/state", all, "a", "c")
	l.want(http.StatusNoContent, request{method: http.MethodDelete, path: "/activities/state", query: all})
	wantIDs(t, l, "/activities/state", all)
	wantIDs(t, l, "/activities/state", with(other, "stateId", ""), "bookmark")
}
