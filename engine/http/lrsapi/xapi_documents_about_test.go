package lrsapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// mustStoreStatement stores a statement given as JSON, stamped with an id
// and a stored time after those stored before it.
func (l *documentsLRS) mustStoreStatement(raw string, stored time.Time) {
	l.tb.Helper()
	st, err := xapi.ParseStatement([]byte(raw), xapi.V200)
	if err != nil {
		l.tb.Fatal(err)
	}
	st.ID = uuid.NewString()
	st.Stored = &stored
	if err := l.db.StoreStatements(l.tb.Context(), []xapi.Statement{*st}); err != nil {
		l.tb.Fatal(err)
	}
}

func TestActivities(t *testing.T) {
	l := newDocumentsLRS(t)
	id := "https://lode.example/activities/" + uuid.NewString()
	at := time.Now().UTC()
	l.mustStoreStatement(`{"actor":{"mbox":"mailto:ada@library.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},
		"object":{"id":"`+id+`","definition":{"type":"http://adlnet.gov/expapi/activities/meeting",
			"name":{"en-US":"example meeting","en-GB":"example meeting"},
			"extensions":{"https://lode.example/x/a":1}}}}`, at)
	l.mustStoreStatement(`{"actor":{"mbox":"mailto:ada@library.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},
		"object":{"id":"https://lode.example/activities/other"},
		"context":{"contextActivities":{"parent":[{"id":"`+id+`","definition":{
			"type":"http://adlnet.gov/expapi/activities/course",
			"name":{"en-GB":"meeting","fr-FR":"réunion"},
			"extensions":{"https://lode.example/x/b":2}}}]}}}`, at.Add(time.Second))

	t.Run("MergedDefinition", func(t *testing.T) {
		rec := l.want(http.StatusOK, request{method: http.MethodGet, path: "/activities", query: url.Values{"activityId": {id}}})
		sameJSONText(t, "activity", `{"objectType":"Activity","id":"`+id+`","definition":{
			"type":"http://adlnet.gov/expapi/activities/course",
			"name":{"en-US":"example meeting","en-GB":"meeting","fr-FR":"réunion"},
			"extensions":{"https://lode.example/x/a":1,"https://lode.example/x/b":2}}}`, rec.Body.String())
	})

	t.Run("Unknown", func(t *testing.T) {
		unknown := "https://lode.example/never/" + uuid.NewString()
		rec := l.want(http.StatusOK, request{method: http.MethodGet, path: "/activities", query: url.Values{"activityId": {unknown}}})
		sameJSONText(t, "activity", `{"objectType":"Activity","id":"`+unknown+`"}`, rec.Body.String())
	})

	t.Run("Head", func(t *testing.T) {
		l.want(http.StatusOK, request{method: http.MethodHead, path: "/activities", query: url.Values{"activityId": {id}}})
	})
}

func TestAgents(t *testing.T) {
	l := newDocumentsLRS(t)
	mbox := "mailto:" + uuid.NewString() + "@library.example"
	at := time.Now().UTC()
	for i, name := range []string{"Ada", "Ada Reader", "Ada"} {
		l.mustStoreStatement(`{"actor":{"name":"`+name+`","mbox":"`+mbox+`"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},
			"object":{"id":"https://lode.example/activities/a"}}`, at.Add(time.Duration(i)*time.Second))
	}
	person := func(agent string) map[string]any {
		t.Helper()
		rec := l.want(http.StatusOK, request{method: http.MethodGet, path: "/agents", query: url.Values{"agent": {agent}}})
		var p map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("Known", func(t *testing.T) {
		p := person(`{"objectType":"Agent","mbox":"` + mbox + `"}`)
		sameJSONText(t, "person", `{"objectType":"Person","name":["Ada","Ada Reader"],"mbox":["`+mbox+`"]}`, mustJSON(t, p))
	})

	t.Run("Unknown", func(t *testing.T) {
		p := person(`{"name":"Rick James","account":{"homePage":"http://www.example.com/agentId/1","name":"Rick James"}}`)
		sameJSONText(t, "person", `{"objectType":"Person","name":["Rick James"],
			"account":[{"homePage":"http://www.example.com/agentId/1","name":"Rick James"}]}`, mustJSON(t, p))
	})

	t.Run("EachIdentifier", func(t *testing.T) {
		for agent, key := range map[string]string{
			`{"mbox_sha1sum":"cd9b00a5611f94eaa7b1661edab976068e364975"}`: "mbox_sha1sum",
			`{"openid":"http://openid.example.org/12345"}`:                "openid",
		} {
			if list, ok := person(agent)[key].([]any); !ok || len(list) != 1 {
				t.Fatalf("%s: %s is %v, want a list of one", agent, key, person(agent)[key])
			}
		}
	})
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
