package lrs

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestCompact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{}`, `{}`},
		{`{"a": 1, "b": [true, null, "x y"]}`, `{"a":1,"b":[true,null,"x y"]}`},
		{"{\n\t\"a\" :\r\n \"q \\\" , \\\\\" , \"b\": \"\\\\\\\\\"}", `{"a":"q \" , \\","b":"\\\\"}`},
		{`{"c": "é ☃ \u2028 ", "d": {"e": []}}`, `{"c":"é ☃ \u2028 ","d":{"e":[]}}`},
	} {
		got := Compact([]byte(c.in))
		if string(got) != c.want {
			t.Errorf("Compact(%s) = %s, want %s", c.in, got, c.want)
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(c.in)); err != nil || buf.String() != c.want {
			t.Errorf("the case %s is not what encoding/json compacts it to (%s, %v)", c.in, buf.String(), err)
		}
	}
}

func TestWithTimestampDoc(t *testing.T) {
	const s = `"stored":"2026-12-03T10:00:00.123456Z"`
	for name, c := range map[string]struct{ in, want string }{
		"NoTimestamp": {`{"id":"x","actor":{"name":"a"},` + s + `,"version":"2.0.0"}`,
			`{"id":"x","actor":{"name":"a"},"timestamp":"2026-12-03T10:00:00.123456Z",` + s + `,"version":"2.0.0"}`},
		"HasTimestamp": {`{"id":"x","timestamp":"2020-01-01T00:00:00Z",` + s + `}`, `{"id":"x","timestamp":"2020-01-01T00:00:00Z",` + s + `}`},
		// jsonb's order: stored before timestamp.
		"TimestampAfterStored": {`{"id":"x",` + s + `,"timestamp":"2020-01-01T00:00:00Z"}`, `{"id":"x",` + s + `,"timestamp":"2020-01-01T00:00:00Z"}`},
		// Members named like the statement's inside its values are not its own.
		"NestedNames": {`{"id":"x","result":{"extensions":{"e":{"timestamp":"no","stored":"no","s":"}\\\"","n":[1,{"a":"]"}]}}},` + s + `}`,
			`{"id":"x","result":{"extensions":{"e":{"timestamp":"no","stored":"no","s":"}\\\"","n":[1,{"a":"]"}]}}},"timestamp":"2026-12-03T10:00:00.123456Z",` + s + `}`},
		"StoredFirst": {`{` + s + `,"id":"x"}`, `{"timestamp":"2026-12-03T10:00:00.123456Z",` + s + `,"id":"x"}`},
		"NoStored":    {`{"id":"x","n":-1.5e3}`, `{"id":"x","n":-1.5e3}`},
	} {
		t.Run(name, func(t *testing.T) {
			if got := withTimestampDoc([]byte(c.in)); string(got) != c.want {
				t.Fatalf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}
