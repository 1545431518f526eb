package xapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// TestRoundTrip checks that json.Marshal of a parsed statement is the JSON
// it came from: the stores persist json.Marshal(stmt) and return it for
// format=exact. Timestamps compare as instants (they come back in UTC).
func TestRoundTrip(t *testing.T) {
	files := []struct {
		name     string
		versions []xapi.Version
	}{
		{"full.json", both},
		{"minimal.json", both},
		{"substatement.json", both},
		{"interactions.json", both},
		{"quiz_answer.json", both},
		{"empty_strings.json", both},
		{"context_agents_2.0.json", []xapi.Version{xapi.V200}},
	}
	for _, f := range files {
		for _, v := range f.versions {
			t.Run(string(v)+"/"+f.name, func(t *testing.T) {
				in := mustRead(t, f.name)
				sts, err := xapi.ParseStatements(in, v)
				if err != nil {
					t.Fatal(err)
				}
				for i := range sts {
					checkAppendJSON(t, &sts[i])
					checkComponents(t, &sts[i])
				}
				var out []byte
				if strings.HasPrefix(strings.TrimSpace(string(in)), "[") {
					out, err = json.Marshal(sts)
				} else {
					out, err = json.Marshal(sts[0])
				}
				if err != nil {
					t.Fatal(err)
				}
				if !jsonEqual(t, in, out) {
					t.Errorf("round trip changed the statement\n in: %s\nout: %s", in, out)
				}
				// and once more through the struct, as a store reads it back
				var back []xapi.Statement
				if err := json.Unmarshal(asArray(out), &back); err != nil {
					t.Fatal(err)
				}
				again, _ := json.Marshal(back)
				if !jsonEqual(t, asArray(out), again) {
					t.Errorf("json.Unmarshal then Marshal changed the statement\nout: %s\nagain: %s", out, again)
				}
			})
		}
	}
}

func asArray(b []byte) []byte {
	if strings.HasPrefix(string(b), "[") {
		return b
	}
	return append(append([]byte("["), b...), ']')
}

func TestContextActivityBecomesArray(t *testing.T) {
	raw := edit(t, mustRead(t, "minimal.json"), "context.contextActivities.parent", json.RawMessage(`{"id":"https://lode.example/p"}`))
	st, err := xapi.ParseStatement(raw, xapi.V103)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(st.Context)
	want := `{"contextActivities":{"parent":[{"id":"https://lode.example/p"}]}}`
	if string(out) != want {
		t.Errorf("context = %s, want %s", out, want)
	}
}

func TestTimestampsComeBackInUTC(t *testing.T) {
	for _, v := range both {
		raw := edit(t, mustRead(t, "minimal.json"), "timestamp", "2023-05-04T12:00:00.123456789-05:00")
		st, err := xapi.ParseStatement(raw, v)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(st)
		if !strings.Contains(string(out), `"timestamp":"2023-05-04T17:00:00.123456789Z"`) {
			t.Errorf("%s: %s, want the timestamp in UTC with its nanoseconds", v, out)
		}
	}
}

// TestValidateGoStatements checks Statement.Validate, the path Lode's own
// statements take, on statements built in Go.
func TestValidateGoStatements(t *testing.T) {
	now := time.Date(2026, 3, 4, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	good := xapi.Statement{
		ID:     "6f1c9a52-0b1e-4c3a-9d2f-7a8b9c0d1e2f",
		Actor:  xapi.Agent{ObjectType: "Agent", Name: "Ada", Account: &xapi.Account{HomePage: "https://lode.example/", Name: "42"}},
		Verb:   xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/completed", Display: map[string]string{"en-US": "completed"}},
		Object: xapi.Object{ObjectType: "Activity", ID: "https://lode.example/activities/ce-101"},
		Result: &xapi.Result{Completion: new(true), Duration: "PT12M"},
		Context: &xapi.Context{Registration: "0b8a7f44-6a38-4c5e-9d0a-2f7a1c3e9b10", Platform: "Lode", Language: "en",
			ContextActivities: &xapi.ContextActivities{Parent: []xapi.Object{{ObjectType: "Activity", ID: "https://lode.example/m"}}}},
		Timestamp: &now, Stored: &now, Version: string(xapi.V103),
	}
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	bad := good
	bad.Result = &xapi.Result{Duration: "12 minutes"}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "result.duration") {
		t.Errorf("Validate = %v, want an error on result.duration", err)
	}
	bad = good
	bad.Object = xapi.ObjectOf(xapi.Agent{Mbox: "mailto:a@b.example"})
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "context.platform") {
		t.Errorf("Validate = %v, want an error on context.platform", err)
	}
}
