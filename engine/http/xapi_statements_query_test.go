package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestQueryStatements(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "2.0.0")
	ada := map[string]any{"objectType": "Agent", "mbox": "mailto:ada-" + uuid.NewString() + "@library.example"}
	verb := "https://lode.example/verbs/" + uuid.NewString()
	activity := "https://lode.example/activities/" + uuid.NewString()
	reg := uuid.NewString()

	byAda := statement()
	byAda["actor"] = ada
	aboutActivity := statement()
	aboutActivity["object"] = map[string]any{"id": activity}
	inContext := statement()
	inContext["context"] = map[string]any{
		"registration":      reg,
		"instructor":        ada,
		"contextActivities": map[string]any{"parent": []any{map[string]any{"id": activity}}},
	}
	withVerb := statement()
	withVerb["verb"] = map[string]any{"id": verb}
	ids := c.post(byAda, aboutActivity, inContext, withVerb)
	adaJSON := string(mustJSON(t, ada))

	for _, tc := range []struct {
		name string
		q    url.Values
		want []string
	}{
		{"Agent", url.Values{"agent": {adaJSON}}, ids[:1]},
		{"RelatedAgents", url.Values{"agent": {adaJSON}, "related_agents": {"true"}, "ascending": {"true"}}, []string{ids[0], ids[2]}},
		{"Activity", url.Values{"activity": {activity}}, ids[1:2]},
		{"RelatedActivities", url.Values{"activity": {activity}, "related_activities": {"true"}}, []string{ids[2], ids[1]}},
		{"Registration", url.Values{"registration": {reg}}, ids[2:3]},
		{"Verb", url.Values{"verb": {verb}}, ids[3:]},
		{"Combined", url.Values{"agent": {adaJSON}, "related_agents": {"true"}, "activity": {activity}, "related_activities": {"true"}}, ids[2:3]},
		{"NoMatch", url.Values{"verb": {"https://lode.example/verbs/none"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, more := c.query(tc.q)
			sameStrings(t, tc.q.Encode(), got, tc.want...)
			if more != "" {
				t.Fatalf("more %q with every statement returned", more)
			}
		})
	}

	t.Run("SinceUntil", func(t *testing.T) {
		verb := map[string]any{"id": "https://lode.example/verbs/" + uuid.NewString()}
		var ids, stored []string
		for range 3 {
			st := statement()
			st["verb"] = verb
			id := c.post(st)[0]
			ids, stored = append(ids, id), append(stored, c.get(id)["stored"].(string))
			e.advance(time.Second)
		}
		q := url.Values{"verb": {verb["id"].(string)}, "ascending": {"true"}}
		for _, tc := range []struct {
			since, until string
			want         []string
		}{
			{stored[0], "", ids[1:]},
			{"", stored[1], ids[:2]},
			{stored[0], stored[1], ids[1:2]},
			{stored[2], "", nil},
		} {
			q.Del("since")
			q.Del("until")
			if tc.since != "" {
				q.Set("since", tc.since)
			}
			if tc.until != "" {
				q.Set("until", tc.until)
			}
			got, _ := c.query(q)
			sameStrings(t, q.Encode(), got, tc.want...)
		}
	})
}

func TestMoreLinks(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "1.0.3")
	verb := map[string]any{"id": "https://lode.example/verbs/" + uuid.NewString()}
	var want []string
	for range 7 {
		st := statement()
		st["verb"] = verb
		want = append(want, c.post(st)...)
	}
	for _, asc := range []bool{true, false} {
		expect := append([]string(nil), want...)
		if !asc {
			for i, j := 0, len(expect)-1; i < j; i, j = i+1, j-1 {
				expect[i], expect[j] = expect[j], expect[i]
			}
		}
		q := url.Values{"verb": {verb["id"].(string)}, "limit": {"3"}, "ascending": {map[bool]string{true: "true", false: "false"}[asc]}}
		got, more := c.query(q)
		pages := 1
		for more != "" {
			if !strings.HasPrefix(more, "/xapi/statements?") {
				t.Fatalf("more %q is not a host-relative path to the statements", more)
			}
			// Stateless: the link carries the query and the position.
			page, next := c.page(more)
			got, more = append(got, page...), next
			if pages++; pages > 5 {
				t.Fatal("more never ends")
			}
		}
		sameStrings(t, "paged statements", got, expect...)
		if pages != 3 {
			t.Fatalf("%d pages of 3 for 7 statements", pages)
		}
	}

	t.Run("LimitZeroIsTheServerMax", func(t *testing.T) {
		got, more := c.query(url.Values{"verb": {verb["id"].(string)}, "limit": {"0"}})
		if len(got) != 7 || more != "" {
			t.Fatalf("limit 0: %d statements and more %q", len(got), more)
		}
	})
}

func TestStatementFormats(t *testing.T) {
	e := mustServeLRS(t)
	c := e.client(t, "2.0.0")
	st := statement()
	st["actor"].(map[string]any)["name"] = "Ada Reader"
	st["object"] = map[string]any{"objectType": "Activity", "id": "https://lode.example/activities/" + uuid.NewString(),
		"definition": map[string]any{"name": map[string]any{"en-US": "Reference interview", "fr": "Entretien de référence"}}}
	id := c.post(st)[0]

	var ids map[string]any
	c.want(http.StatusOK, http.MethodGet, "/xapi/statements?format=ids&statementId="+id, nil).json(t, &ids)
	if actor := ids["actor"].(map[string]any); actor["name"] != nil || actor["mbox"] == nil {
		t.Fatalf("format=ids actor: %v", actor)
	}
	if obj := ids["object"].(map[string]any); obj["definition"] != nil {
		t.Fatalf("format=ids object: %v", obj)
	}

	var canonical map[string]any
	c.want(http.StatusOK, http.MethodGet, "/xapi/statements?format=canonical&statementId="+id, nil, "Accept-Language", "fr, en;q=0.5").json(t, &canonical)
	name := canonical["object"].(map[string]any)["definition"].(map[string]any)["name"].(map[string]any)
	if len(name) != 1 || name["fr"] == nil {
		t.Fatalf("format=canonical with Accept-Language fr: name %v", name)
	}

	var exact map[string]any
	c.want(http.StatusOK, http.MethodGet, "/xapi/statements?format=exact&statementId="+id, nil, "Accept-Language", "fr").json(t, &exact)
	if string(mustJSON(t, exact["object"])) != string(mustJSON(t, st["object"])) {
		t.Fatalf("format=exact object %s, want %s", mustJSON(t, exact["object"]), mustJSON(t, st["object"]))
	}
}

func TestReadMine(t *testing.T) {
	e := mustServeLRS(t)
	verb := map[string]any{"id": "https://lode.example/verbs/" + uuid.NewString()}
	cl, secret, err := e.Creds.Create(t.Context(), "app", []string{"statements/write", "statements/read/mine"})
	must(t, err)
	app := &xapiClient{tb: t, base: e.URL, version: "2.0.0", key: cl.Key, secret: secret}
	admin := e.client(t, "2.0.0")
	st := statement()
	st["verb"] = verb
	mine := app.post(st)[0]
	st = statement()
	st["verb"] = verb
	theirs := admin.post(st)[0]

	got, _ := app.query(url.Values{"verb": {verb["id"].(string)}})
	sameStrings(t, "statements/read/mine", got, mine)
	app.want(http.StatusNotFound, http.MethodGet, "/xapi/statements?statementId="+theirs, nil)
	app.get(mine)
	got, _ = admin.query(url.Values{"verb": {verb["id"].(string)}, "ascending": {"true"}})
	sameStrings(t, "scope all", got, mine, theirs)
}
