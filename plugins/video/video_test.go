package video_test

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/plugins/internal/schematest"
	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

func TestDescribe(t *testing.T) {
	ct := sdktest.InProcess(t, video.New())
	d := sdktest.CheckDescription(t, ct)
	if d.Name != "video" || d.Version != "1.0.0" || d.ActivityType != sdk.ActivityVideo {
		t.Errorf("unexpected description %+v", d)
	}
	if len(d.Profiles) != 1 || d.Profiles[0] != "https://w3id.org/xapi/video" {
		t.Errorf("profiles = %v, want the xAPI video profile", d.Profiles)
	}
	if want := (sdk.Capabilities{Completable: true, KeepsState: true}); d.Capabilities != want {
		t.Errorf("capabilities = %+v, want %+v", d.Capabilities, want)
	}
	var schema struct {
		Required   []string                   `json:"required"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(d.ConfigSchema, &schema); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	props := slices.Sorted(maps.Keys(schema.Properties))
	want := []string{"captions", "completion_threshold", "length", "poster", "sources", "src", "transcript", "type"}
	if !slices.Equal(props, want) || !slices.Equal(schema.Required, []string{"src", "captions"}) {
		t.Errorf("schema properties %v required %v", props, schema.Required)
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

func TestValidate(t *testing.T) {
	captions := `"captions":[{"src":"a.vtt","srclang":"en"}]`
	tests := []struct {
		name, config string
		want         map[string]string
	}{
		{"sample", string(sdktest.ReadConfig(t, "testdata/sample.yaml")), nil},
		{"minimal", `{"src":"a.webm",` + captions + `}`, nil},
		{"https and alternatives", `{"src":"https://cdn.example.org/a.webm","type":"video/webm","sources":[{"src":"a.mp4","type":"video/mp4; codecs=\"avc1\""}],` +
			`"poster":"p.jpg","captions":[{"src":"a.en.vtt","srclang":"en","label":"English","default":true},{"src":"a.es.vtt","srclang":"es","label":"Español"}],` +
			`"transcript":"Hi","completion_threshold":1,"length":6}`, nil},
		{"malformed", `{"src":`, map[string]string{"": "not valid JSON"}},
		{"no captions", `{"src":"a.webm"}`, map[string]string{"/captions": "WCAG 2.1"}},
		{"empty captions", `{"src":"a.webm","captions":[]}`, map[string]string{"/captions": "deaf or hard of hearing"}},
		{"captions as text", `{"src":"a.webm","captions":"a.vtt"}`, map[string]string{"/captions": `must be a list, not the text "a.vtt"`}},
		{"caption without srclang", `{"src":"a.webm","captions":[{"src":"a.vtt"}]}`, map[string]string{"/captions/0/srclang": "srclang is required"}},
		{"caption bad srclang", `{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"English"}]}`, map[string]string{"/captions/0/srclang": "not a language tag"}},
		{"srt captions", `{"src":"a.webm","captions":[{"src":"a.SRT","srclang":"en"}]}`, map[string]string{"/captions/0/src": "only WebVTT"}},
		{"caption typo", `{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"en","lable":"English"}]}`, map[string]string{"/captions/0/lable": `did you mean "label"?`}},
		{"two tracks, no labels, two defaults", `{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"en","default":true},{"src":"b.vtt","srclang":"es","label":"ES","default":true}]}`,
			map[string]string{"/captions/0/label": "needs a label", "/captions/1/default": "only one"}},
		{"no src", `{` + captions + `}`, map[string]string{"/src": "the video file is required"}},
		{"http src", `{"src":"http://example.org/a.webm",` + captions + `}`, map[string]string{"/src": `not "http:"`}},
		{"javascript poster", `{"src":"a.webm","poster":"javascript:alert(1)",` + captions + `}`, map[string]string{"/poster": `not "javascript:"`}},
		{"bad type", `{"src":"a.webm","type":"webm",` + captions + `}`, map[string]string{"/type": "not a video MIME type"}},
		{"bad source", `{"src":"a.webm","sources":[{"type":"video/mp4"},"b.mp4"],` + captions + `}`, map[string]string{
			"/sources/0/src": "required", "/sources/1": "must be a mapping"}},
		{"threshold zero", `{"src":"a.webm","completion_threshold":0,` + captions + `}`, map[string]string{"/completion_threshold": "more than 0 and at most 1"}},
		{"threshold percent", `{"src":"a.webm","completion_threshold":90,` + captions + `}`, map[string]string{"/completion_threshold": "not 90"}},
		{"threshold text", `{"src":"a.webm","completion_threshold":"90%",` + captions + `}`, map[string]string{"/completion_threshold": `must be a number, not the text "90%"`}},
		{"negative length", `{"src":"a.webm","length":-1,` + captions + `}`, map[string]string{"/length": "more than 0"}},
		{"everything at once", `{"source":"a.webm","completion_threshold":2}`, map[string]string{
			"/source": `did you mean "sources"?`, "/src": "required", "/captions": "WCAG", "/completion_threshold": "not 2"}},
	}
	ct := video.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sdktest.CheckValidate(t, ct, tt.config, tt.want) })
	}
}

// The schema Describe publishes is derived from the config type: a JSON
// Schema validator and Validate agree on what a video may be, except for
// what only Validate knows (where media may come from, WebVTT, labels).
func TestSchemaAgreesWithValidate(t *testing.T) {
	captions := `"captions":[{"src":"a.vtt","srclang":"en"}]`
	schematest.Agrees(t, sdktest.InProcess(t, video.New()),
		map[string]json.RawMessage{
			"Sample":  sdktest.ReadConfig(t, "testdata/sample.yaml"),
			"Minimal": sdktest.RawJSON(`{"src":"a.webm",` + captions + `}`),
		},
		map[string]json.RawMessage{
			"NoCaptions":     sdktest.RawJSON(`{"src":"a.webm"}`),
			"EmptyCaptions":  sdktest.RawJSON(`{"src":"a.webm","captions":[]}`),
			"BadSrclang":     sdktest.RawJSON(`{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"English"}]}`),
			"BadType":        sdktest.RawJSON(`{"src":"a.webm","type":"webm",` + captions + `}`),
			"ThresholdZero":  sdktest.RawJSON(`{"src":"a.webm","completion_threshold":0,` + captions + `}`),
			"ThresholdOver1": sdktest.RawJSON(`{"src":"a.webm","completion_threshold":90,` + captions + `}`),
			"LengthTooLong":  sdktest.RawJSON(`{"src":"a.webm","length":86401,` + captions + `}`),
			"SourceNoSrc":    sdktest.RawJSON(`{"src":"a.webm","sources":[{"type":"video/mp4"}],` + captions + `}`),
		})
}
