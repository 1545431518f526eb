package xapi_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/lode-elearning/lode/sdk/xapi"
)

func mustParse(tb testing.TB, raw []byte, v xapi.Version) *xapi.Statement {
	tb.Helper()
	st, err := xapi.ParseStatement(raw, v)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func TestCanonical(t *testing.T) {
	st := mustParse(t, mustRead(t, "full.json"), xapi.V103)
	before, _ := json.Marshal(st)
	c := st.Canonical([]string{"fr-CA", "en-GB"})
	if after, _ := json.Marshal(st); string(after) != string(before) {
		t.Error("Canonical changed its receiver")
	}
	checks := []struct {
		name string
		got  map[string]string
		want map[string]string
	}{
		{"verb display", c.Verb.Display, map[string]string{"fr": "a répondu"}},
		{"activity name", c.Object.Definition.Name, map[string]string{"fr": "Question 1"}},
		{"activity description", c.Object.Definition.Description, map[string]string{"fr": "Quelle règle s'applique ?"}},
		{"attachment display", c.Attachments[0].Display, map[string]string{"en-US": "Certificate"}},
		{"attachment description", c.Attachments[0].Description, map[string]string{"fr": "Certificat"}},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
	var choices []xapi.InteractionComponent
	if err := json.Unmarshal(c.Object.Definition.Choices, &choices); err != nil {
		t.Fatal(err)
	}
	if d := choices[0].Description; !reflect.DeepEqual(d, map[string]string{"fr": "RDA"}) {
		t.Errorf("choice description = %v", d)
	}
	if d := choices[1].Description; !reflect.DeepEqual(d, map[string]string{"en-US": "AACR2"}) {
		t.Errorf("choice with one language = %v", d)
	}
}

func TestCanonicalLanguageChoice(t *testing.T) {
	m := map[string]string{"en-US": "color", "en-GB": "colour", "fr": "couleur", "de-DE": "Farbe"}
	tests := []struct {
		langs []string
		want  string
	}{
		{[]string{"en-GB"}, "en-GB"},
		{[]string{"EN-gb"}, "en-GB"},
		{[]string{"de"}, "de-DE"},             // a tag the range is a prefix of
		{[]string{"fr-CA"}, "fr"},             // the range truncated
		{[]string{"ja", "fr"}, "fr"},          // the first range that matches
		{[]string{"*"}, "de-DE"},              // anything: the first tag
		{[]string{"ja"}, "en-US"},             // no match: en-US
		{nil, "en-US"},                        // no Accept-Language
		{[]string{"zh-Hant-TW"}, "en-US"},     // no match at all
		{[]string{"de-DE-x-berlin"}, "de-DE"}, // private use dropped
	}
	st := mustParse(t, mustRead(t, "minimal.json"), xapi.V103)
	for _, tt := range tests {
		st.Verb.Display = m
		got := st.Canonical(tt.langs).Verb.Display
		if len(got) != 1 || got[tt.want] != m[tt.want] {
			t.Errorf("Canonical(%q) display = %v, want %s", tt.langs, got, tt.want)
		}
	}
	st.Verb.Display = map[string]string{"ja": "x", "ko": "y"}
	if got := st.Canonical([]string{"en"}).Verb.Display; !reflect.DeepEqual(got, map[string]string{"ja": "x"}) {
		t.Errorf("no en: display = %v, want the first tag", got)
	}
}

func TestCanonicalSubStatementAndContext(t *testing.T) {
	raw := edit(t, mustRead(t, "substatement.json"), "object.verb.display", map[string]string{"en-GB": "finished", "en-US": "completed"})
	raw = edit(t, raw, "object.context.contextActivities.category[0].definition", map[string]any{"name": map[string]string{"en-GB": "Cat", "en-US": "Category"}})
	c := mustParse(t, raw, xapi.V103).Canonical([]string{"en-GB"})
	if got := c.Object.Verb.Display; !reflect.DeepEqual(got, map[string]string{"en-GB": "finished"}) {
		t.Errorf("substatement verb display = %v", got)
	}
	if got := c.Object.Context.ContextActivities.Category[0].Definition.Name; !reflect.DeepEqual(got, map[string]string{"en-GB": "Cat"}) {
		t.Errorf("context activity name = %v", got)
	}
}

func TestParseAcceptLanguage(t *testing.T) {
	tests := []struct {
		h    string
		want []string
	}{
		{"", []string{}},
		{"en-GB", []string{"en-GB"}},
		{"fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", []string{"fr-CH", "fr", "en", "de", "*"}},
		{"en;q=0.2, de", []string{"de", "en"}},
		{"en;q=0, de;q=0.5", []string{"de"}},
	}
	for _, tt := range tests {
		if got := xapi.ParseAcceptLanguage(tt.h); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseAcceptLanguage(%q) = %q, want %q", tt.h, got, tt.want)
		}
	}
}

func TestIDsOnly(t *testing.T) {
	for _, v := range both {
		st := mustParse(t, mustRead(t, "full.json"), v)
		before, _ := json.Marshal(st)
		ids := st.IDsOnly()
		if after, _ := json.Marshal(st); string(after) != string(before) {
			t.Error("IDsOnly changed its receiver")
		}
		got := toMap(t, ids)
		wants := map[string]string{
			"actor":                     `{"objectType":"Agent","mbox":"mailto:ada@library.example"}`,
			"verb":                      `{"id":"http://adlnet.gov/expapi/verbs/answered"}`,
			"object":                    `{"id":"https://lode.example/activities/ce-101/q1"}`,
			"authority":                 `{"objectType":"Agent","account":{"homePage":"https://lode.example","name":"client-1"}}`,
			"context.instructor":        `{"objectType":"Agent","mbox_sha1sum":"ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}`,
			"context.team":              `{"objectType":"Group","account":{"homePage":"https://lode.example","name":"team-7"}}`,
			"context.contextActivities": `{"parent":[{"id":"https://lode.example/activities/ce-101"}],"grouping":[{"id":"https://lode.example/courses/cataloguing"}],"category":[{"id":"https://w3id.org/xapi/cmi5/v1.0"}],"other":[{"id":"https://lode.example/activities/ce-101/q0"}]}`,
			"context.statement":         `{"objectType":"StatementRef","id":"8f87ccde-bb56-4c2e-ab83-44982ef22df0"}`,
			"result.response":           `"rda[,]aacr2"`,
			"context.extensions":        `{"https://lode.example/x/session":"s-1"}`,
		}
		for path, want := range wants {
			if g := lookup(t, got, path); !jsonEqual(t, g, []byte(want)) {
				t.Errorf("%s: %s = %s, want %s", v, path, g, want)
			}
		}
	}
}

func TestIDsOnlySubStatementAndGroups(t *testing.T) {
	got := toMap(t, mustParse(t, mustRead(t, "substatement.json"), xapi.V103).IDsOnly())
	wants := map[string]string{
		"actor":          `{"objectType":"Group","member":[{"mbox":"mailto:t1@lode.example"},{"mbox":"mailto:t2@lode.example"}]}`,
		"verb":           `{"id":"https://w3id.org/xapi/dod-isd/verbs/planned"}`,
		"object.actor":   `{"objectType":"Agent","account":{"homePage":"https://lode.example","name":""}}`,
		"object.verb":    `{"id":"http://adlnet.gov/expapi/verbs/completed"}`,
		"object.object":  `{"objectType":"Agent","openid":"https://openid.example/bea"}`,
		"object.context": `{"contextActivities":{"parent":[],"category":[{"id":"https://lode.example/cat"}]},"language":"zh-Hant-TW"}`,
	}
	for path, want := range wants {
		if g := lookup(t, got, path); !jsonEqual(t, g, []byte(want)) {
			t.Errorf("%s = %s, want %s", path, g, want)
		}
	}
	ca := toMap(t, mustParse(t, mustRead(t, "context_agents_2.0.json"), xapi.V200).IDsOnly())
	want := `{"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:host@lode.example"},"relevantTypes":["https://lode.example/roles/host"]},` +
		`{"objectType":"contextAgent","agent":{"objectType":"Agent","openid":"https://openid.example/guest"}}],` +
		`"contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group","member":[{"mbox":"mailto:x@lode.example"}]},"relevantTypes":["https://lode.example/roles/audience"]}]}`
	if g := lookup(t, ca, "context"); !jsonEqual(t, g, []byte(want)) {
		t.Errorf("context = %s, want %s", g, want)
	}
}

func toMap(tb testing.TB, st *xapi.Statement) map[string]any {
	tb.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		tb.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		tb.Fatal(err)
	}
	return m
}

// lookup returns the JSON at a dotted path of m.
func lookup(tb testing.TB, m map[string]any, path string) []byte {
	tb.Helper()
	var cur any = m
	for _, k := range splitPath(path) {
		obj, ok := cur.(map[string]any)
		if !ok {
			tb.Fatalf("%s: no object at %s", path, k)
		}
		cur = obj[k]
	}
	b, _ := json.Marshal(cur)
	return b
}
