package xapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// sample is a statement as a plugin's object records it.
func sample() xapi.Statement {
	ts := time.Date(2026, 3, 4, 10, 30, 0, 123456789, time.UTC)
	stored := time.Date(2026, 3, 4, 10, 30, 1, 0, time.UTC)
	return xapi.Statement{
		ID:     "6f1c9a52-0b1e-4c3a-9d2f-7a8b9c0d1e2f",
		Actor:  xapi.Agent{Account: &xapi.Account{HomePage: "https://lode.example/", Name: "42"}},
		Verb:   xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/completed", Display: map[string]string{"en-US": "completed"}},
		Object: xapi.Object{ID: "https://lode.example/activities/ce-101/read1"},
		Result: &xapi.Result{Completion: new(true), Duration: "PT1M2.34S", Extensions: json.RawMessage(`{"https://lode.example/x/a":1,"https://lode.example/x/b":[1,2]}`)},
		Context: &xapi.Context{
			Registration: "0b8a7f44-6a38-4c5e-9d0a-2f7a1c3e9b10",
			Instructor:   &xapi.Agent{Mbox: "mailto:Teacher@lode.example"},
			Team: &xapi.Agent{ObjectType: "Group", Member: []xapi.Agent{
				{Mbox: "mailto:a@lode.example"}, {Account: &xapi.Account{HomePage: "https://lode.example/", Name: "7"}},
			}},
			Extensions: json.RawMessage(`{"https://w3id.org/xapi/video/extensions/session-id":"s1"}`),
		},
		Timestamp: &ts,
		Stored:    &stored,
		Authority: &xapi.Agent{Mbox: "mailto:lrs@lode.example"},
		Version:   string(xapi.V103),
	}
}

func TestEquivalent(t *testing.T) {
	tests := []struct {
		name string
		edit func(st *xapi.Statement)
		want bool
	}{
		{"identical", func(*xapi.Statement) {}, true},
		{"id in upper case", func(st *xapi.Statement) { st.ID = "6F1C9A52-0B1E-4C3A-9D2F-7A8B9C0D1E2F" }, true},
		{"stored later", func(st *xapi.Statement) { st.Stored = new(st.Stored.Add(time.Hour)) }, true},
		{"no stored", func(st *xapi.Statement) { st.Stored = nil }, true},
		{"other authority", func(st *xapi.Statement) { st.Authority = &xapi.Agent{Mbox: "mailto:other@lode.example"} }, true},
		{"no version", func(st *xapi.Statement) { st.Version = "" }, true},
		{"timestamp in another zone", func(st *xapi.Statement) {
			st.Timestamp = new(st.Timestamp.In(time.FixedZone("CET", 3600)))
		}, true},
		{"extension keys reordered and spaced", func(st *xapi.Statement) {
			st.Result.Extensions = json.RawMessage(`{ "https://lode.example/x/b": [1, 2], "https://lode.example/x/a": 1.0 }`)
		}, true},
		{"other verb", func(st *xapi.Statement) { st.Verb.ID = "http://adlnet.gov/expapi/verbs/experienced" }, false},
		{"other display", func(st *xapi.Statement) { st.Verb.Display = map[string]string{"en-GB": "completed"} }, false},
		{"other actor", func(st *xapi.Statement) { st.Actor.Account.Name = "43" }, false},
		{"other object", func(st *xapi.Statement) { st.Object.ID += "/q1" }, false},
		{"no result", func(st *xapi.Statement) { st.Result = nil }, false},
		{"other extension value", func(st *xapi.Statement) {
			st.Result.Extensions = json.RawMessage(`{"https://lode.example/x/a":2,"https://lode.example/x/b":[1,2]}`)
		}, false},
		{"extension list reordered", func(st *xapi.Statement) {
			st.Result.Extensions = json.RawMessage(`{"https://lode.example/x/a":1,"https://lode.example/x/b":[2,1]}`)
		}, false},
		{"other registration", func(st *xapi.Statement) { st.Context.Registration = "1b8a7f44-6a38-4c5e-9d0a-2f7a1c3e9b10" }, false},
		{"timestamp a nanosecond later, same millisecond", func(st *xapi.Statement) { st.Timestamp = new(st.Timestamp.Add(1)) }, true},
		{"timestamp a millisecond later", func(st *xapi.Statement) { st.Timestamp = new(st.Timestamp.Add(time.Millisecond)) }, false},
		{"duration beyond hundredths", func(st *xapi.Statement) { st.Result.Duration = "PT1M2.3456S" }, true},
		{"duration in other hundredths", func(st *xapi.Statement) { st.Result.Duration = "PT1M2.35S" }, false},
		{"duration as other units", func(st *xapi.Statement) { st.Result.Duration = "PT62.34S" }, false},
		{"email domain in upper case", func(st *xapi.Statement) { st.Context.Instructor = &xapi.Agent{Mbox: "mailto:Teacher@LODE.example"} }, true},
		{"email local part in upper case", func(st *xapi.Statement) { st.Context.Instructor = &xapi.Agent{Mbox: "mailto:teacher@lode.example"} }, false},
		{"group members reordered", func(st *xapi.Statement) {
			st.Context.Team.Member[0], st.Context.Team.Member[1] = st.Context.Team.Member[1], st.Context.Team.Member[0]
		}, true},
		{"group member missing", func(st *xapi.Statement) { st.Context.Team.Member = st.Context.Team.Member[:1] }, false},
		{"no timestamp", func(st *xapi.Statement) { st.Timestamp = nil }, false},
		{"other id", func(st *xapi.Statement) { st.ID = "7f1c9a52-0b1e-4c3a-9d2f-7a8b9c0d1e2f" }, false},
		{"extensions not JSON", func(st *xapi.Statement) { st.Result.Extensions = json.RawMessage(`{`) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := sample(), sample()
			tt.edit(&b)
			if got := xapi.Equivalent(&a, &b); got != tt.want {
				t.Errorf("Equivalent(a, b) = %v, want %v", got, tt.want)
			}
			if got := xapi.Equivalent(&b, &a); got != tt.want {
				t.Errorf("Equivalent(b, a) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEquivalentLeavesItsArgumentsAlone(t *testing.T) {
	a, b := sample(), sample()
	b.ID = "6F1C9A52-0B1E-4C3A-9D2F-7A8B9C0D1E2F"
	xapi.Equivalent(&a, &b)
	if b.ID != "6F1C9A52-0B1E-4C3A-9D2F-7A8B9C0D1E2F" || b.Stored == nil || b.Authority == nil || b.Version == "" {
		t.Errorf("Equivalent changed its argument: %+v", b)
	}
}
