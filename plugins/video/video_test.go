package video_test

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// mustSample returns testdata/sample.yaml as the JSON the engine sends.
func mustSample(tb testing.TB) json.RawMessage {
	tb.Helper()
	src, err := os.ReadFile("testdata/sample.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		tb.Fatal(err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

func TestDescribe(t *testing.T) {
	ct := sdktest.InProcess(t, video.New())
	d, err := ct.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "video" || d.Version != "1.0.0" || d.ProtocolVersion != sdk.ProtocolVersion || d.ActivityType != sdk.ActivityVideo {
		t.Errorf("unexpected description %+v", d)
	}
	if len(d.Profiles) != 1 || d.Profiles[0] != "https://w3id.org/xapi/video" {
		t.Errorf("profiles = %v, want the xAPI video profile", d.Profiles)
	}
	if want := (sdk.Capabilities{Completable: true, KeepsState: true}); d.Capabilities != want {
		t.Errorf("capabilities = %+v, want %+v", d.Capabilities, want)
	}
	var schema struct {
		Schema     string                     `json:"$schema"`
		Required   []string                   `json:"required"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(d.ConfigSchema, &schema); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	props := slices.Sorted(maps.Keys(schema.Properties))
	want := []string{"captions", "completion_threshold", "length", "poster", "sources", "src", "transcript", "type"}
	if schema.Schema != "https://json-schema.org/draft/2020-12/schema" || !slices.Equal(props, want) || !slices.Equal(schema.Required, []string{"src", "captions"}) {
		t.Errorf("schema %q: properties %v required %v", schema.Schema, props, schema.Required)
	}
	for _, a := range []struct{ name, ctype, contains string }{
		{"video.js", "text/javascript", "Lode.send"},
		{"video.css", "text/css", ".lode-video-status"},
	} {
		got, err := ct.Asset(context.Background(), a.name)
		if err != nil || got.ContentType != a.ctype || !strings.Contains(string(got.Data), a.contains) {
			t.Errorf("asset %s: %v", a.name, err)
		}
	}
}

type problem struct{ ptr, msg string }

func TestValidate(t *testing.T) {
	captions := `"captions":[{"src":"a.vtt","srclang":"en"}]`
	tests := []struct {
		name, config string
		want         []problem
	}{
		{"sample", string(mustSample(t)), nil},
		{"minimal", `{"src":"a.webm",` + captions + `}`, nil},
		{"https and alternatives", `{"src":"https://cdn.example.org/a.webm","type":"video/webm","sources":[{"src":"a.mp4","type":"video/mp4; codecs=\"avc1\""}],` +
			`"poster":"p.jpg","captions":[{"src":"a.en.vtt","srclang":"en","label":"English","default":true},{"src":"a.es.vtt","srclang":"es","label":"Español"}],` +
			`"transcript":"Hi","completion_threshold":1,"length":6}`, nil},
		{"malformed", `{"src":`, []problem{{"", "not valid JSON"}}},
		{"no captions", `{"src":"a.webm"}`, []problem{{"/captions", "WCAG 2.1"}}},
		{"empty captions", `{"src":"a.webm","captions":[]}`, []problem{{"/captions", "deaf or hard of hearing"}}},
		{"captions as text", `{"src":"a.webm","captions":"a.vtt"}`, []problem{{"/captions", "must be a list, not text"}}},
		{"caption without srclang", `{"src":"a.webm","captions":[{"src":"a.vtt"}]}`, []problem{{"/captions/0/srclang", "srclang is required"}}},
		{"caption bad srclang", `{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"English"}]}`, []problem{{"/captions/0/srclang", "not a language tag"}}},
		{"srt captions", `{"src":"a.webm","captions":[{"src":"a.SRT","srclang":"en"}]}`, []problem{{"/captions/0/src", "only WebVTT"}}},
		{"caption typo", `{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"en","lable":"English"}]}`, []problem{{"/captions/0/lable", `did you mean "label"?`}}},
		{"two tracks, no labels, two defaults", `{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"en","default":true},{"src":"b.vtt","srclang":"es","label":"ES","default":true}]}`,
			[]problem{{"/captions/0/label", "needs a label"}, {"/captions/1/default", "only one"}}},
		{"no src", `{` + captions + `}`, []problem{{"/src", "the video file is required"}}},
		{"http src", `{"src":"http://example.org/a.webm",` + captions + `}`, []problem{{"/src", `not "http:"`}}},
		{"javascript poster", `{"src":"a.webm","poster":"javascript:alert(1)",` + captions + `}`, []problem{{"/poster", `not "javascript:"`}}},
		{"bad type", `{"src":"a.webm","type":"webm",` + captions + `}`, []problem{{"/type", "not a video MIME type"}}},
		{"bad source", `{"src":"a.webm","sources":[{"type":"video/mp4"},"b.mp4"],` + captions + `}`, []problem{
			{"/sources/0/src", "required"}, {"/sources/1", "must be a mapping"}}},
		{"threshold zero", `{"src":"a.webm","completion_threshold":0,` + captions + `}`, []problem{{"/completion_threshold", "more than 0 and at most 1"}}},
		{"threshold percent", `{"src":"a.webm","completion_threshold":90,` + captions + `}`, []problem{{"/completion_threshold", "not 90"}}},
		{"threshold text", `{"src":"a.webm","completion_threshold":"90%",` + captions + `}`, []problem{{"/completion_threshold", "must be a number, not text"}}},
		{"negative length", `{"src":"a.webm","length":-1,` + captions + `}`, []problem{{"/length", "more than 0"}}},
		{"everything at once", `{"source":"a.webm","completion_threshold":2}`, []problem{
			{"/source", `did you mean "sources"?`}, {"/src", "required"}, {"/captions", "WCAG"}, {"/completion_threshold", "not 2"}}},
	}
	ct := video.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ct.Validate(context.Background(), &sdk.ValidateRequest{Config: json.RawMessage(tt.config)})
			if err != nil {
				t.Fatal(err)
			}
			assertProblems(t, res.Problems, tt.want)
		})
	}
}

// assertProblems compares pointers exactly (in any order) and messages by
// substring.
func assertProblems(t *testing.T, got []sdk.Problem, want []problem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems %+v, want %d %+v", len(got), got, len(want), want)
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g sdk.Problem) bool {
			return g.Pointer == w.ptr && strings.Contains(g.Message, w.msg)
		}) {
			t.Errorf("missing problem at %q containing %q; got %+v", w.ptr, w.msg, got)
		}
	}
}
