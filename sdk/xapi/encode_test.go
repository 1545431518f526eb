package xapi_test

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// checkAppendJSON fails unless AppendJSON writes what json.Marshal does
// and fails where it fails.
func checkAppendJSON(t *testing.T, st *xapi.Statement) {
	t.Helper()
	want, wantErr := json.Marshal(st)
	got, err := st.AppendJSON([]byte("prefix"))
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("AppendJSON error %v, json.Marshal error %v", err, wantErr)
	}
	if err == nil && string(got) != "prefix"+string(want) {
		t.Fatalf("AppendJSON differs from json.Marshal\n got %s\nwant prefix%s", got, want)
	}
}

// checkComponents fails unless each interaction component list of st is
// what json.Marshal writes for it as []xapi.InteractionComponent, as the
// parser once made it: the stores' documents depend on it. For a parsed
// statement only: one built in Go may hold any JSON there.
func checkComponents(t *testing.T, st *xapi.Statement) {
	t.Helper()
	for _, o := range statementObjects(&st.Object, st.Context) {
		d := o.Definition
		if d == nil {
			continue
		}
		for _, list := range []json.RawMessage{d.Choices, d.Scale, d.Source, d.Target, d.Steps} {
			if list == nil {
				continue
			}
			var comps []xapi.InteractionComponent
			if err := json.Unmarshal(list, &comps); err != nil {
				t.Fatalf("component list %s: %v", list, err)
			}
			if want, _ := json.Marshal(comps); string(want) != string(list) {
				t.Fatalf("component list differs from json.Marshal\n got %s\nwant %s", list, want)
			}
		}
	}
}

// statementObjects returns obj, a SubStatement's object and the context
// activities of both: every place an activity definition can be.
func statementObjects(obj *xapi.Object, ctx *xapi.Context) []xapi.Object {
	out := []xapi.Object{*obj}
	if obj.Object != nil {
		out = append(out, statementObjects(obj.Object, obj.Context)...)
	}
	if ctx != nil && ctx.ContextActivities != nil {
		ca := ctx.ContextActivities
		out = slices.Concat(out, ca.Parent, ca.Grouping, ca.Category, ca.Other)
	}
	return out
}

// TestAppendJSON covers what the parser never produces: values built in
// Go, nil beside empty maps and slices, numbers at encoding/json's format
// switch, characters it escapes, JSON it must compact, and its errors.
func TestAppendJSON(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	yes := true
	ts := time.Date(2026, 12, 3, 9, 0, 0, 123456789, time.FixedZone("X", 5*3600+1800))
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	base := func() *xapi.Statement {
		return &xapi.Statement{
			ID:    "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
			Actor: xapi.Agent{Name: "A <b> & c\u2028", Mbox: "mailto:a@b.example"},
			Verb:  xapi.Verb{ID: "http://x.example/v", Display: map[string]string{"fr": "é", "en-US": "did", "de": "tat"}},
			Object: xapi.Object{ID: "http://x.example/o", Definition: &xapi.ActivityDefinition{
				Name: map[string]string{}, Choices: json.RawMessage(` [ {"id" : "a<b"} ] `),
				Extensions: json.RawMessage(`{"http://x.example/e": [1, 2.50, "\u003c", null]}`),
			}},
		}
	}
	cases := map[string]func(*xapi.Statement){
		"as built": func(*xapi.Statement) {},
		"scores": func(s *xapi.Statement) {
			s.Result = &xapi.Result{Score: &xapi.Score{Scaled: f(-0.0000001), Raw: f(1e21), Min: f(-1e-6), Max: f(123456789.125)}, Success: &yes, Completion: new(bool)}
		},
		"small and large": func(s *xapi.Statement) {
			s.Result = &xapi.Result{Score: &xapi.Score{Scaled: f(5e-324), Raw: f(1.7976931348623157e308), Min: f(0)}}
		},
		"NaN":           func(s *xapi.Statement) { s.Result = &xapi.Result{Score: &xapi.Score{Raw: f(math.NaN())}} },
		"infinite":      func(s *xapi.Statement) { s.Result = &xapi.Result{Score: &xapi.Score{Raw: f(math.Inf(-1))}} },
		"times":         func(s *xapi.Statement) { s.Timestamp, s.Stored = &ts, &ts },
		"year 10000":    func(s *xapi.Statement) { s.Stored = &far },
		"bad extension": func(s *xapi.Statement) { s.Object.Definition.Extensions = json.RawMessage(`{"a":}`) },
		"empty lists": func(s *xapi.Statement) {
			s.Attachments = []xapi.Attachment{}
			s.Actor.Member = []xapi.Agent{}
			s.Object.Definition.CorrectResponsesPattern = []string{}
			s.Context = &xapi.Context{ContextActivities: &xapi.ContextActivities{Parent: []xapi.Object{}}, ContextAgents: []xapi.ContextAgent{}}
		},
		"full context": func(s *xapi.Statement) {
			s.Authority = &xapi.Agent{ObjectType: "Group", Member: []xapi.Agent{{Account: &xapi.Account{HomePage: "http://h.example", Name: "n\"q"}}}}
			s.Context = &xapi.Context{
				Registration: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", Instructor: &xapi.Agent{OpenID: "http://o.example"},
				Team:              &xapi.Agent{ObjectType: "Group", MboxSHA1Sum: "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
				ContextActivities: &xapi.ContextActivities{Grouping: []xapi.Object{{ID: "http://x.example/g"}}, Other: []xapi.Object{{ID: "http://x.example/h", ObjectType: "Activity"}}},
				ContextAgents:     []xapi.ContextAgent{{ObjectType: "contextAgent", Agent: xapi.Agent{Mbox: "mailto:c@d.example"}, RelevantTypes: []string{"http://x.example/t"}}},
				ContextGroups:     []xapi.ContextGroup{{ObjectType: "contextGroup", Group: xapi.Agent{ObjectType: "Group"}}},
				Revision:          "r", Platform: "p", Language: "en", Statement: &xapi.StatementRef{ObjectType: "StatementRef", ID: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"},
				Extensions: json.RawMessage(`{}`),
			}
			s.Attachments = []xapi.Attachment{{UsageType: "http://x.example/u", ContentType: "text/plain", Length: -3, SHA2: "ab", FileURL: "http://f.example"}}
		},
		"substatement": func(s *xapi.Statement) {
			s.Object = xapi.Object{ObjectType: "SubStatement", Actor: &xapi.Agent{Mbox: "mailto:a@b.example"}, Verb: &xapi.Verb{ID: "http://x.example/v"},
				Object: &xapi.Object{ObjectType: "StatementRef", ID: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}, Result: &xapi.Result{Duration: "PT1S"},
				Context: &xapi.Context{Language: "fr"}, Timestamp: &ts, Attachments: []xapi.Attachment{{Display: map[string]string{}}}}
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			st := base()
			edit(st)
			checkAppendJSON(t, st)
		})
	}
}

// TestAppendJSONReplacedRaw edits the RawMessages of a parsed statement,
// which AppendJSON copies as the parser wrote them: one replaced, or cut
// short in place, must be compacted and checked again, as json.Marshal
// does.
func TestAppendJSONReplacedRaw(t *testing.T) {
	parse := func(t *testing.T) *xapi.Statement {
		st, err := xapi.ParseStatement(mustRead(t, "full.json"), xapi.V200)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	t.Run("parsed", func(t *testing.T) { checkAppendJSON(t, parse(t)) })
	t.Run("replaced", func(t *testing.T) {
		st := parse(t)
		st.Context.Extensions = json.RawMessage(` { "http://x.example/e" : "<&>" } `)
		st.Object.Definition.Choices = json.RawMessage(` [ {"id" : "a"} ] `)
		checkAppendJSON(t, st)
	})
	t.Run("cut short", func(t *testing.T) {
		st := parse(t)
		st.Context.Extensions = st.Context.Extensions[:len(st.Context.Extensions)-1]
		checkAppendJSON(t, st) // not JSON: both fail
	})
}
