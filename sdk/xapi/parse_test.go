package xapi_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// both means a case applies to xAPI 1.0.3 and 2.0.
var both = []xapi.Version{xapi.V103, xapi.V200}

type ruleCase struct {
	name     string
	path     string // property edited in full.json
	value    any    // new value, json.RawMessage literal or deleted
	versions []xapi.Version
	wantProp string // property the error names; "" for a valid statement
}

// components returns a JSON list of n interaction components, the one at
// dup (if any) with the first one's id: lists long enough that their ids
// are checked through a map.
func components(n, dup int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := i
		if i == dup {
			id = 0
		}
		fmt.Fprintf(&b, `{"id":"c%d","description":{"en-US":"Choice %d"}}`, id, i)
	}
	b.WriteByte(']')
	return b.String()
}

// TestParseStatementRules edits one property of a valid statement per case
// and checks the parser accepts or rejects it, naming the property.
func TestParseStatementRules(t *testing.T) {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	v1, v2 := []xapi.Version{xapi.V103}, []xapi.Version{xapi.V200}
	tests := []ruleCase{
		// Data 2.2 formatting: types, nulls, case of keys, unknown properties.
		{"unknown top-level property", "foo", "bar", both, "foo"},
		{"key in the wrong case", "Actor", raw(`{"mbox":"mailto:a@b.example"}`), both, "Actor"},
		{"null where a string is required", "object.definition.moreInfo", nil, both, "object.definition.moreInfo"},
		{"null language map value", "verb.display.en-US", nil, both, "verb.display.en-US"},
		{"string where a boolean is required", "result.success", "true", both, "result.success"},
		{"string where a number is required", "result.score.raw", "7.5", both, "result.score.raw"},
		{"actor missing", "actor", deleted, both, "actor"},
		{"verb missing", "verb", deleted, both, "verb"},
		{"object missing", "object", deleted, both, "object"},
		// 2.4.1 id
		{"id not a UUID", "id", "fd41c918-b88b-4b20-a0a5", both, "id"},
		{"id with a non-hex letter", "id", "MA97B177-9383-4934-8543-0F91A7A02836", both, "id"},
		{"id is a number", "id", 12345, both, "id"},
		{"id in upper case", "id", "FD41C918-B88B-4B20-A0A5-A4C32391AAA0", both, ""},
		{"no id", "id", deleted, both, ""},
		// 2.4.2 actor: Agent
		{"agent without an IFI", "actor.mbox", deleted, both, "actor"},
		{"agent with two IFIs", "actor.openid", "https://openid.example/ada", both, "actor"},
		{"mbox without mailto", "actor.mbox", "ada@library.example", both, "actor.mbox"},
		{"mbox not an address", "actor.mbox", "mailto:ada.library.example", both, "actor.mbox"},
		{"mbox an http IRI", "actor.mbox", "http://ada.example", both, "actor.mbox"},
		{"objectType in lower case", "actor.objectType", "agent", both, "actor.objectType"},
		{"objectType not a string", "actor.objectType", 1, both, "actor.objectType"},
		{"name not a string", "actor.name", raw(`{"a":1}`), both, "actor.name"},
		{"name empty", "actor.name", "", both, ""},
		{"agent with member", "actor.member", raw(`[{"mbox":"mailto:b@c.example"}]`), both, "actor.member"},
		{"objectType absent", "actor.objectType", deleted, both, ""},
		{"mbox_sha1sum too short", "context.instructor.mbox_sha1sum", "ebd31e95", both, "context.instructor.mbox_sha1sum"},
		{"mbox_sha1sum not hex", "context.instructor.mbox_sha1sum", "zbd31e95054c018b10727ccffd2ef2ec3a016ee9", both, "context.instructor.mbox_sha1sum"},
		{"openid not a URI", "context.team.member[0].openid", "ab=c://id.example", both, "context.team.member[0].openid"},
		{"account without homePage", "context.team.account.homePage", deleted, both, "context.team.account.homePage"},
		{"account without name", "context.team.account.name", deleted, both, "context.team.account.name"},
		{"account homePage without a scheme", "context.team.account.homePage", "lode.example/users", both, "context.team.account.homePage"},
		{"account with another property", "context.team.account.id", "x", both, "context.team.account.id"},
		{"account name not a string", "context.team.account.name", 42, both, "context.team.account.name"},
		// Groups
		{"anonymous group without members", "actor", raw(`{"objectType":"Group","name":"g"}`), both, "actor.member"},
		{"anonymous group with no members", "actor", raw(`{"objectType":"Group","member":[]}`), both, "actor.member"},
		{"anonymous group", "actor", raw(`{"objectType":"Group","member":[{"mbox":"mailto:a@b.example"}]}`), both, ""},
		{"group member is a group", "context.team.member[0]", raw(`{"objectType":"Group","mbox":"mailto:g@b.example"}`), both, "context.team.member[0].objectType"},
		{"group member without an IFI", "context.team.member[1].account", deleted, both, "context.team.member[1]"},
		{"identified group with two IFIs", "context.team.mbox", "mailto:team@lode.example", both, "context.team"},
		{"group member missing objectType is fine", "context.team.member[0].objectType", deleted, both, ""},
		// 2.4.3 verb
		{"verb without id", "verb.id", deleted, both, "verb.id"},
		{"verb id without a scheme", "verb.id", "adlnet.gov/expapi/verbs/answered", both, "verb.id"},
		{"verb id with a space", "verb.id", "http://adlnet.gov/expapi/verbs/an swered", both, "verb.id"},
		{"verb display a string", "verb.display", "answered", both, "verb.display"},
		{"verb display with a bad language tag", "verb.display.en_US", "x", both, "verb.display"},
		{"verb display value a number", "verb.display.en-US", 1, both, "verb.display.en-US"},
		{"verb with another property", "verb.name", "answered", both, "verb.name"},
		// 2.4.4 object: Activity
		{"object objectType unknown", "object.objectType", "activity", both, "object.objectType"},
		{"object objectType empty", "object.objectType", "", both, "object.objectType"},
		{"activity without id", "object.id", deleted, both, "object.id"},
		{"activity id not an IRI", "object.id", "not an iri", both, "object.id"},
		{"activity with another property", "object.name", "q1", both, "object.name"},
		{"definition not an object", "object.definition", "q1", both, "object.definition"},
		{"definition name a number", "object.definition.name", 1, both, "object.definition.name"},
		{"definition type not an IRI", "object.definition.type", "interaction", both, "object.definition.type"},
		{"definition moreInfo not an IRL", "object.definition.moreInfo", "lode.example/q1", both, "object.definition.moreInfo"},
		{"definition with another property", "object.definition.title", "x", both, "object.definition.title"},
		{"interactionType unknown", "object.definition.interactionType", "multiple-choice", both, "object.definition.interactionType"},
		{"interactionType in the wrong case", "object.definition.interactionType", "Choice", both, "object.definition.interactionType"},
		{"interactionType missing with choices", "object.definition.interactionType", deleted, both, "object.definition.interactionType"},
		{"component list not of the type", "object.definition.scale", raw(`[{"id":"1"}]`), both, "object.definition.scale"},
		{"correctResponsesPattern not an array", "object.definition.correctResponsesPattern", "rda", both, "object.definition.correctResponsesPattern"},
		{"correctResponsesPattern of numbers", "object.definition.correctResponsesPattern", raw(`[1]`), both, "object.definition.correctResponsesPattern[0]"},
		{"component without id", "object.definition.choices[2].id", deleted, both, "object.definition.choices[2].id"},
		{"component ids repeated", "object.definition.choices[2].id", "rda", both, "object.definition.choices[2].id"},
		{"component with another property", "object.definition.choices[0].name", "x", both, "object.definition.choices[0].name"},
		{"long component list", "object.definition.choices", raw(components(14, -1)), both, ""},
		{"long component list, id repeated early", "object.definition.choices", raw(components(14, 3)), both, "object.definition.choices[3].id"},
		{"long component list, id repeated late", "object.definition.choices", raw(components(14, 12)), both, "object.definition.choices[12].id"},
		{"long component list, id repeated last", "object.definition.choices", raw(components(14, 13)), both, "object.definition.choices[13].id"},
		{"component description bad tag", "object.definition.choices[0].description", raw(`{"e":"x"}`), both, "object.definition.choices[0].description"},
		{"definition extension key not an IRI", "object.definition.extensions", raw(`{"weight":1}`), both, "object.definition.extensions"},
		// Agent, Group, StatementRef objects
		{"agent object without objectType", "object", raw(`{"mbox":"mailto:a@b.example"}`), both, "object.mbox"},
		{"agent object", "object", raw(`{"objectType":"Agent","mbox":"mailto:a@b.example"}`), both, "context.revision"},
		{"statementRef id not a UUID", "object", raw(`{"objectType":"StatementRef","id":"x"}`), both, "object.id"},
		{"statementRef without id", "object", raw(`{"objectType":"StatementRef"}`), both, "object.id"},
		{"statementRef with a definition", "object", raw(`{"objectType":"StatementRef","id":"8f87ccde-bb56-4c2e-ab83-44982ef22df0","definition":{}}`), both, "object.definition"},
		// 2.4.5 result
		{"scaled above 1", "result.score.scaled", 1.01, both, "result.score.scaled"},
		{"scaled below -1", "result.score.scaled", -1.5, both, "result.score.scaled"},
		{"raw above max", "result.score.raw", 11, both, "result.score.raw"},
		{"raw below min", "result.score.raw", -1, both, "result.score.raw"},
		{"min above max", "result.score.min", 20, both, "result.score.min"},
		{"raw without bounds", "result.score", raw(`{"raw":-3000.5}`), both, ""},
		{"score a number", "result.score", 7, both, "result.score"},
		{"score with another property", "result.score.percent", 75, both, "result.score.percent"},
		{"number out of range", "result.score.raw", raw(`1e400`), both, "result.score.raw"},
		{"response a number", "result.response", 1, both, "result.response"},
		{"duration not ISO 8601", "result.duration", "1 minute", both, "result.duration"},
		{"duration with a bad designator", "result.duration", "PA1H0M0S", both, "result.duration"},
		{"duration T without a time", "result.duration", "P1DT", both, "result.duration"},
		{"duration P alone", "result.duration", "P", both, "result.duration"},
		{"duration weeks with days", "result.duration", "P4W1D", both, "result.duration"},
		{"duration fraction not last", "result.duration", "PT1.5M2S", both, "result.duration"},
		{"duration alternative format", "result.duration", "P0003-06-04T12:30:05", both, "result.duration"},
		{"duration of weeks", "result.duration", "P4W", both, ""},
		{"duration with a decimal comma", "result.duration", "PT0,5S", both, ""},
		{"duration beyond hundredths", "result.duration", "P1DT12H36M0.12567S", both, ""},
		{"result extension key not an IRI", "result.extensions", raw(`{"attempt":1}`), both, "result.extensions"},
		{"result extensions a number", "result.extensions", 1, both, "result.extensions"},
		{"extension values may be null, empty or anything", "result.extensions", raw(`{"https://x.example/a":null,"https://x.example/b":"","https://x.example/c":{},"https://x.example/d":{"k":null,"k":1}}`), both, ""},
		// 2.4.6 context
		{"registration not a UUID", "context.registration", "r-1", both, "context.registration"},
		{"registration an object", "context.registration", raw(`{}`), both, "context.registration"},
		{"instructor a string", "context.instructor", "Ada", both, "context.instructor"},
		{"team an Agent", "context.team", raw(`{"objectType":"Agent","mbox":"mailto:a@b.example"}`), both, "context.team.objectType"},
		{"team without objectType", "context.team", raw(`{"mbox":"mailto:a@b.example"}`), both, "context.team.objectType"},
		{"contextActivities a string", "context.contextActivities", "x", both, "context.contextActivities"},
		{"contextActivities unknown key", "context.contextActivities.related", raw(`[]`), both, "context.contextActivities.related"},
		{"context activity an Agent", "context.contextActivities.other[0]", raw(`{"objectType":"Agent","mbox":"mailto:a@b.example"}`), both, "context.contextActivities.other[0].objectType"},
		{"context activity a single object", "context.contextActivities.parent", raw(`{"id":"https://lode.example/p"}`), both, ""},
		{"context activity a string", "context.contextActivities.parent", "https://lode.example/p", both, "context.contextActivities.parent"},
		{"revision a number", "context.revision", 3, both, "context.revision"},
		{"platform an object", "context.platform", raw(`{}`), both, "context.platform"},
		{"language not a tag", "context.language", "en_US", both, "context.language"},
		{"language with a script", "context.language", "sr-Latn-RS", both, ""},
		{"context statement not a StatementRef", "context.statement.objectType", "Statement", both, "context.statement.objectType"},
		{"context statement id not a UUID", "context.statement.id", "x", both, "context.statement.id"},
		{"context extension key not an IRI", "context.extensions", raw(`{"session":"s"}`), both, "context.extensions"},
		{"context with another property", "context.tool", "x", both, "context.tool"},
		// 2.4.7, 2.4.8 timestamp, stored
		{"timestamp not a date", "timestamp", "01/011/2015", both, "timestamp"},
		{"timestamp a string", "timestamp", "should fail", both, "timestamp"},
		{"timestamp offset -00", "timestamp", "2008-09-15T15:53:00.601-00", both, "timestamp"},
		{"timestamp offset -0000", "timestamp", "2008-09-15T15:53:00.601-0000", both, "timestamp"},
		{"timestamp offset -00:00", "timestamp", "2008-09-15T15:53:00.601-00:00", both, "timestamp"},
		{"timestamp offset +00:00", "timestamp", "2008-09-15T15:53:00.601+00:00", both, ""},
		{"timestamp February 30", "timestamp", "2024-02-30T10:00:00Z", both, "timestamp"},
		{"timestamp hour 25", "timestamp", "2024-02-03T25:00:00Z", both, "timestamp"},
		{"timestamp without zone (1.0.3)", "timestamp", "2024-02-03T10:00:00.5", v1, ""},
		{"timestamp without zone (2.0)", "timestamp", "2024-02-03T10:00:00.5", v2, "timestamp"},
		{"timestamp basic format (1.0.3)", "timestamp", "20240203T100000+0100", v1, ""},
		{"timestamp basic format (2.0)", "timestamp", "20240203T100000+0100", v2, "timestamp"},
		{"timestamp offset +0100 (2.0)", "timestamp", "2024-02-03T10:00:00+0100", v2, "timestamp"},
		{"timestamp without seconds (1.0.3)", "timestamp", "2024-02-03T10:00Z", v1, ""},
		{"timestamp without seconds (2.0)", "timestamp", "2024-02-03T10:00Z", v2, "timestamp"},
		{"timestamp a number", "timestamp", 1700000000, both, "timestamp"},
		{"stored not a date", "stored", "yesterday", both, "stored"},
		// 2.4.9 authority
		{"authority an OAuth group", "authority", raw(`{"objectType":"Group","member":[{"account":{"homePage":"https://lode.example/oauth","name":"app"}},{"mbox":"mailto:u@b.example"}]}`), both, ""},
		{"authority group of one", "authority", raw(`{"objectType":"Group","member":[{"mbox":"mailto:u@b.example"}]}`), both, "authority"},
		{"authority group of three", "authority", raw(`{"objectType":"Group","member":[{"mbox":"mailto:u@b.example"},{"mbox":"mailto:v@b.example"},{"mbox":"mailto:w@b.example"}]}`), both, "authority"},
		{"authority an identified group", "authority", raw(`{"objectType":"Group","mbox":"mailto:g@b.example","member":[{"mbox":"mailto:u@b.example"},{"mbox":"mailto:v@b.example"}]}`), both, "authority"},
		{"authority without an IFI", "authority", raw(`{"name":"x"}`), both, "authority"},
		// 2.4.10 version
		{"version 1.0", "version", "1.0", both, ""},
		{"version 1.0.9", "version", "1.0.9", both, ""},
		{"version 1.1.0", "version", "1.1.0", both, "version"},
		{"version 0.9.9", "version", "0.9.9", both, "version"},
		{"version a word", "version", "latest", both, "version"},
		{"version 2.0.0 (1.0.3)", "version", "2.0.0", v1, "version"},
		{"version 2.0.0 (2.0)", "version", "2.0.0", v2, ""},
		{"version a number", "version", 1.0, both, "version"},
		// 2.4.11 attachments
		{"attachments not an array", "attachments", raw(`{}`), both, "attachments"},
		{"attachment a string", "attachments[0]", "x", both, "attachments[0]"},
		{"attachment without sha2", "attachments[0].sha2", deleted, both, "attachments[0].sha2"},
		{"attachment sha2 not hex", "attachments[0].sha2", "abc", both, "attachments[0].sha2"},
		{"attachment without display", "attachments[0].display", deleted, both, "attachments[0].display"},
		{"attachment length a string", "attachments[0].length", "1234", both, "attachments[0].length"},
		{"attachment length negative", "attachments[0].length", -1, both, "attachments[0].length"},
		{"attachment length a fraction", "attachments[0].length", 1.5, both, "attachments[0].length"},
		{"attachment contentType a number", "attachments[0].contentType", 1, both, "attachments[0].contentType"},
		{"attachment contentType not a media type", "attachments[0].contentType", "pdf", both, "attachments[0].contentType"},
		{"attachment usageType not an IRI", "attachments[0].usageType", "certificate", both, "attachments[0].usageType"},
		{"attachment fileUrl not an IRL", "attachments[0].fileUrl", "cert.pdf", both, "attachments[0].fileUrl"},
		{"attachment description bad tag", "attachments[0].description", raw(`{"12":"x"}`), both, "attachments[0].description"},
		{"signature attachment not octet-stream", "attachments[0]", raw(`{"usageType":"http://adlnet.gov/expapi/attachments/signature","display":{"en":"sig"},"contentType":"text/plain; charset=ascii","length":10,"sha2":"495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"}`), both, "attachments[0].contentType"},
		// 2.0 context agents and groups
		{"contextAgents (1.0.3)", "context.contextAgents", raw(`[{"objectType":"contextAgent","agent":{"mbox":"mailto:a@b.example"}}]`), v1, "context.contextAgents"},
		{"contextAgents (2.0)", "context.contextAgents", raw(`[{"objectType":"contextAgent","agent":{"mbox":"mailto:a@b.example"},"relevantTypes":["https://x.example/t"]}]`), v2, ""},
		{"contextAgent objectType wrong", "context.contextAgents", raw(`[{"objectType":"Agent","agent":{"mbox":"mailto:a@b.example"}}]`), v2, "context.contextAgents[0].objectType"},
		{"contextAgent without objectType", "context.contextAgents", raw(`[{"agent":{"mbox":"mailto:a@b.example"}}]`), v2, "context.contextAgents[0].objectType"},
		{"contextAgent agent a Group", "context.contextAgents", raw(`[{"objectType":"contextAgent","agent":{"objectType":"Group","mbox":"mailto:a@b.example"}}]`), v2, "context.contextAgents[0].agent.objectType"},
		{"contextAgent relevantTypes empty", "context.contextAgents", raw(`[{"objectType":"contextAgent","agent":{"mbox":"mailto:a@b.example"},"relevantTypes":[]}]`), v2, "context.contextAgents[0].relevantTypes"},
		{"contextAgent relevantTypes not IRIs", "context.contextAgents", raw(`[{"objectType":"contextAgent","agent":{"mbox":"mailto:a@b.example"},"relevantTypes":["host"]}]`), v2, "context.contextAgents[0].relevantTypes[0]"},
		{"contextGroup group an Agent", "context.contextGroups", raw(`[{"objectType":"contextGroup","group":{"mbox":"mailto:a@b.example"}}]`), v2, "context.contextGroups[0].group.objectType"},
		{"contextGroups not an array", "context.contextGroups", raw(`{}`), v2, "context.contextGroups"},
		// 2.3.2 voiding
		{"voiding an activity", "verb.id", xapi.VoidedVerb, both, "object.objectType"},
	}
	base := mustRead(t, "full.json")
	for _, tt := range tests {
		for _, v := range tt.versions {
			t.Run(string(v)+"/"+tt.name, func(t *testing.T) {
				raw := edit(t, base, tt.path, tt.value)
				checkParse(t, raw, v, tt.wantProp)
			})
		}
	}
}

func checkParse(t *testing.T, raw []byte, v xapi.Version, wantProp string) {
	t.Helper()
	st, err := xapi.ParseStatement(raw, v)
	if wantProp == "" {
		if err != nil {
			t.Fatalf("ParseStatement: %v\n%s", err, raw)
		}
		if st == nil {
			t.Fatal("ParseStatement returned no statement")
		}
		return
	}
	var ve *xapi.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("ParseStatement = %v, want a *ValidationError on %s\n%s", err, wantProp, raw)
	}
	if ve.Property != wantProp {
		t.Errorf("error on %q (%v), want %q", ve.Property, err, wantProp)
	}
	if ve.Message == "" {
		t.Error("the error has no message")
	}
}

// TestParseStatementStructure covers what an edit of a valid statement
// cannot express: the JSON itself, SubStatements, voiding.
func TestParseStatementStructure(t *testing.T) {
	sub := string(mustRead(t, "substatement.json"))
	tests := []struct {
		name     string
		json     string
		versions []xapi.Version
		wantProp string
	}{
		{"not JSON", `{"actor":`, both, ""},
		{"an array", `[]`, both, ""},
		{"data after the statement", `{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://x.example/v"},"object":{"id":"http://x.example/o"}} {}`, both, ""},
		{"a property twice", `{"actor":{"mbox":"mailto:a@b.example"},"actor":{"mbox":"mailto:c@b.example"},"verb":{"id":"http://x.example/v"},"object":{"id":"http://x.example/o"}}`, both, "actor"},
		{"not UTF-8", "{\"actor\":{\"mbox\":\"mailto:a@b.example\",\"name\":\"\xff\"},\"verb\":{\"id\":\"http://x.example/v\"},\"object\":{\"id\":\"http://x.example/o\"}}", both, ""},
		{"substatement with id", strings.Replace(sub, `"objectType": "SubStatement",`, `"objectType": "SubStatement", "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",`, 1), both, "object.id"},
		{"substatement with stored", strings.Replace(sub, `"objectType": "SubStatement",`, `"objectType": "SubStatement", "stored": "2026-04-01T00:00:00Z",`, 1), both, "object.stored"},
		{"substatement with version", strings.Replace(sub, `"objectType": "SubStatement",`, `"objectType": "SubStatement", "version": "1.0.0",`, 1), both, "object.version"},
		{"substatement with authority", strings.Replace(sub, `"objectType": "SubStatement",`, `"objectType": "SubStatement", "authority": {"mbox":"mailto:a@b.example"},`, 1), both, "object.authority"},
		{"substatement nested", strings.Replace(sub, `"object": {"objectType": "Agent", "name": "Bea", "openid": "https://openid.example/bea"}`,
			`"object": {"objectType": "SubStatement", "actor": {"mbox":"mailto:a@b.example"}, "verb": {"id":"http://x.example/v"}, "object": {"id":"http://x.example/o"}}`, 1), both, "object.object.objectType"},
		{"substatement without verb", strings.Replace(sub, `"verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en": "completed"}},`, ``, 1), both, "object.verb"},
		{"substatement context revision with an Agent object", strings.Replace(sub, `"language": "zh-Hant-TW"`, `"language": "zh-Hant-TW", "revision": "2"`, 1), both, "object.context.revision"},
		{"statement context platform with a SubStatement object", strings.Replace(sub, `"context": {"instructor"`, `"context": {"platform": "Lode", "instructor"`, 1), both, "context.platform"},
		{"substatement object objectType lower case", strings.Replace(sub, `"objectType": "SubStatement"`, `"objectType": "substatement"`, 1), both, "object.objectType"},
		{"voiding statement", `{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"` + xapi.VoidedVerb + `"},"object":{"objectType":"StatementRef","id":"8f87ccde-bb56-4c2e-ab83-44982ef22df0"}}`, both, "-"},
		{"voiding a substatement", `{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"` + xapi.VoidedVerb + `"},"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://x.example/v"},"object":{"objectType":"StatementRef","id":"8f87ccde-bb56-4c2e-ab83-44982ef22df0"}}}`, both, "object.objectType"},
	}
	for _, tt := range tests {
		for _, v := range tt.versions {
			t.Run(string(v)+"/"+tt.name, func(t *testing.T) {
				want := tt.wantProp
				if want == "-" {
					want = ""
				}
				if want == "" && tt.wantProp == "" {
					// a JSON-level failure: any *ValidationError will do
					_, err := xapi.ParseStatement([]byte(tt.json), v)
					var ve *xapi.ValidationError
					if !errors.As(err, &ve) {
						t.Fatalf("ParseStatement = %v, want a *ValidationError", err)
					}
					return
				}
				checkParse(t, []byte(tt.json), v, want)
			})
		}
	}
}

func TestParseStatementsBatch(t *testing.T) {
	one := string(mustRead(t, "minimal.json"))
	t.Run("single statement", func(t *testing.T) {
		sts, err := xapi.ParseStatements([]byte(one), xapi.V103)
		if err != nil || len(sts) != 1 {
			t.Fatalf("ParseStatements = %d, %v", len(sts), err)
		}
	})
	t.Run("array", func(t *testing.T) {
		sts, err := xapi.ParseStatements(mustRead(t, "interactions.json"), xapi.V200)
		if err != nil || len(sts) != 9 {
			t.Fatalf("ParseStatements = %d, %v", len(sts), err)
		}
	})
	t.Run("empty array", func(t *testing.T) {
		sts, err := xapi.ParseStatements([]byte(` [ ] `), xapi.V200)
		if err != nil || len(sts) != 0 {
			t.Fatalf("ParseStatements = %d, %v", len(sts), err)
		}
	})
	t.Run("error names the index", func(t *testing.T) {
		bad := strings.Replace(one, "mailto:a@b.example", "a@b.example", 1)
		_, err := xapi.ParseStatements([]byte("["+one+","+one+","+one+","+bad+"]"), xapi.V103)
		var ve *xapi.ValidationError
		if !errors.As(err, &ve) || ve.Property != "[3].actor.mbox" {
			t.Fatalf("ParseStatements = %v, want an error on [3].actor.mbox", err)
		}
	})
	t.Run("element not an object", func(t *testing.T) {
		_, err := xapi.ParseStatements([]byte("["+one+",1]"), xapi.V103)
		var ve *xapi.ValidationError
		if !errors.As(err, &ve) || ve.Property != "[1]" {
			t.Fatalf("ParseStatements = %v, want an error on [1]", err)
		}
	})
	t.Run("a string", func(t *testing.T) {
		if _, err := xapi.ParseStatements([]byte(`"x"`), xapi.V103); err == nil {
			t.Fatal("ParseStatements accepted a string")
		}
	})
}
