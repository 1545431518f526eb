package sdkconfig_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// survey is a typed configuration with every rule and a nested list.
type survey struct {
	Title     string     `json:"title" config:"required,max=20"`
	Layout    string     `json:"layout" config:"enum=list|grid"`
	Minutes   *float64   `json:"minutes" config:"min=1,max=90"`
	Questions []question `json:"questions" config:"required,min=1"`
}

type question struct {
	ID     string   `json:"id" config:"required"`
	Points int      `json:"points" config:"min=0"`
	Tags   []string `json:"tags" config:"max=2"`
}

func TestTyped(t *testing.T) {
	tests := []struct {
		name, config string
		want         map[string]string // pointer to a part of its message
	}{
		{"Valid", `{"title": "T", "layout": "grid", "minutes": 5, "questions": [{"id": "q1", "tags": ["a"]}]}`, nil},
		{"Missing", `{}`, map[string]string{"/title": `"title" is required`, "/questions": `"questions" is required`}},
		{"Blank", `{"title": "  ", "questions": [{"id": ""}]}`, map[string]string{
			"/title": `"title" must not be blank`, "/questions/0/id": `"id" must not be blank`}},
		{"Bounds", `{"title": "a title that is far too long", "minutes": 0.5, "questions": [{"id": "q", "points": -1, "tags": ["a", "b", "c"]}]}`,
			map[string]string{
				"/title":              `"title" must have at most 20 characters`,
				"/minutes":            `"minutes" must be at least 1`,
				"/questions/0/points": `"points" must be at least 0`,
				"/questions/0/tags":   `"tags" must have at most 2 items`,
			}},
		{"NullIsLeftOutWhenOptional", `{"title": "T", "minutes": null, "questions": [{"id": "q"}]}`, nil},
		{"NullIsNoValueOtherwise", `{"title": null, "questions": [{"id": "q"}]}`, map[string]string{"/title": `"title" must be text, not empty`}},
		{"EmptyList", `{"title": "T", "questions": []}`, map[string]string{"/questions": `"questions" must have at least 1 item`}},
		{"Enum", `{"title": "T", "layout": "cards", "questions": [{"id": "q"}]}`, map[string]string{"/layout": `must be one of list, grid, not "cards"`}},
		{"EachWrongItem", `{"title": "T", "questions": [{"id": "q", "tags": [2, true]}]}`, map[string]string{
			"/questions/0/tags/0": "must be text, not the number 2", "/questions/0/tags/1": "must be text, not true"}},
		{"ListNotAList", `{"title": "T", "questions": [{"id": "q", "tags": "a"}]}`, map[string]string{
			"/questions/0/tags": `"tags" must be a list of text, not the text "a"`}},
		{"UnknownAndWrongType", `{"title": "T", "questions": [{"id": "q", "point": 1}, 7]}`, map[string]string{
			"/questions/0/point": `did you mean "points"?`, "/questions/1": "must be a mapping"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ch sdkconfig.Checker
			var cfg survey
			if !ch.Typed(json.RawMessage(tt.config), &cfg) {
				t.Fatal("Typed says the config is not a mapping")
			}
			got := map[string]string{}
			for _, p := range ch.Problems() {
				got[p.Pointer] = p.Message
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems %v, want %d at %v", ch.Problems(), len(tt.want), tt.want)
			}
			checkMessages(t, ch.Problems(), tt.want)
		})
	}
	t.Run("Decodes", func(t *testing.T) {
		var ch sdkconfig.Checker
		var cfg survey
		ch.Typed(json.RawMessage(`{"title": "T", "minutes": 5, "questions": [{"id": "q1", "points": 2}]}`), &cfg)
		want := survey{Title: "T", Minutes: cfg.Minutes, Questions: []question{{ID: "q1", Points: 2}}}
		if cfg.Minutes == nil || *cfg.Minutes != 5 || !reflect.DeepEqual(cfg, want) {
			t.Fatalf("decoded %+v", cfg)
		}
	})
}

func checkMessages(t *testing.T, problems []sdk.Problem, want map[string]string) {
	t.Helper()
	for ptr, msg := range want {
		found := false
		for _, p := range problems {
			found = found || (p.Pointer == ptr && strings.Contains(p.Message, msg))
		}
		if !found {
			t.Errorf("no problem at %q saying %q; got %v", ptr, msg, problems)
		}
	}
}

func TestSchema(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(sdkconfig.Schema(survey{}), &s); err != nil {
		t.Fatal(err)
	}
	props := s["properties"].(map[string]any)
	title := props["title"].(map[string]any)
	questions := props["questions"].(map[string]any)
	item := questions["items"].(map[string]any)
	for what, got := range map[string]any{
		"type":                 s["type"],
		"additionalProperties": s["additionalProperties"],
		"required":             s["required"],
		"title.maxLength":      title["maxLength"],
		"title.pattern":        title["pattern"],
		"layout.enum":          props["layout"].(map[string]any)["enum"],
		"minutes.type":         props["minutes"].(map[string]any)["type"],
		"questions.minItems":   questions["minItems"],
		"item.required":        item["required"],
		"points.type":          item["properties"].(map[string]any)["points"].(map[string]any)["type"],
	} {
		want := map[string]any{
			"type": "object", "additionalProperties": false, "required": []any{"title", "questions"},
			"title.maxLength": 20.0, "title.pattern": `\S`, "layout.enum": []any{"list", "grid"},
			"minutes.type": []any{"number", "null"}, "questions.minItems": 1.0, "item.required": []any{"id"}, "points.type": "integer",
		}[what]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
}

// badge uses the tags that carry a content type's own words: a pattern,
// an exclusive bound, a message of its own and the schema's description
// and default.
type badge struct {
	ID    string  `json:"id" config:"required" pattern:"^[a-z-]+$" missing:"every badge needs an id" msg:"a badge's id is small letters and -, not %v" doc:"Unique in the module."`
	Kind  string  `json:"kind" config:"enum=gold_star|silver_star"`
	Share float64 `json:"share" config:"above=0,max=1" default:"0.9" msg:"share is the part to finish, more than 0 and at most 1, not %v"`
	Label string  `json:"label" pattern:"^[A-Z]"`
}

func TestTypedOwnWords(t *testing.T) {
	for _, tt := range []struct {
		name, config string
		want         map[string]string
	}{
		{"Valid", `{"id": "gold", "share": 1, "label": "Gold"}`, nil},
		{"MissingInItsWords", `{}`, map[string]string{"/id": "every badge needs an id"}},
		{"BlankInItsWords", `{"id": " "}`, map[string]string{"/id": "every badge needs an id"}},
		{"PatternInItsWords", `{"id": "Gold Star"}`, map[string]string{"/id": `a badge's id is small letters and -, not "Gold Star"`}},
		{"EnumSuggests", `{"id": "gold", "kind": "gold-star"}`, map[string]string{"/kind": `not "gold-star"; did you mean "gold_star"?`}},
		{"PatternInSdkconfigWords", `{"id": "gold", "label": "gold"}`, map[string]string{"/label": `"label" must match ^[A-Z], not "gold"`}},
		{"Above", `{"id": "gold", "share": 0}`, map[string]string{"/share": "more than 0 and at most 1, not 0"}},
		{"Max", `{"id": "gold", "share": 90}`, map[string]string{"/share": "not 90"}},
		{"WrongTypeIsSdkconfigs", `{"id": "gold", "share": "90%"}`, map[string]string{"/share": `must be a number, not the text "90%"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ch sdkconfig.Checker
			var b badge
			ch.Typed(json.RawMessage(tt.config), &b)
			if len(ch.Problems()) != len(tt.want) {
				t.Fatalf("problems %v, want %d at %v", ch.Problems(), len(tt.want), tt.want)
			}
			checkMessages(t, ch.Problems(), tt.want)
		})
	}
	t.Run("Schema", func(t *testing.T) {
		var s struct {
			Properties map[string]map[string]any
		}
		if err := json.Unmarshal(sdkconfig.Schema(badge{}), &s); err != nil {
			t.Fatal(err)
		}
		id, share := s.Properties["id"], s.Properties["share"]
		for what, got := range map[string]any{
			"id.pattern": id["pattern"], "id.allOf": id["allOf"], "id.description": id["description"],
			"share.exclusiveMinimum": share["exclusiveMinimum"], "share.default": share["default"],
		} {
			want := map[string]any{
				"id.pattern": "^[a-z-]+$", "id.allOf": []any{map[string]any{"pattern": `\S`}}, "id.description": "Unique in the module.",
				"share.exclusiveMinimum": 0.0, "share.default": 0.9,
			}[what]
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s = %v, want %v", what, got, want)
			}
		}
	})
}

func TestSchemaMarkdown(t *testing.T) {
	type note struct {
		Body  string  `json:"body" config:"required,markdown"`
		Intro *string `json:"intro" config:"markdown"`
		Plain string  `json:"plain"`
	}
	var s struct {
		Properties map[string]map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(sdkconfig.Schema(note{}), &s); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]any{"body": "text/markdown", "intro": "text/markdown", "plain": nil} {
		if got := s.Properties[key]["contentMediaType"]; got != want {
			t.Errorf("%s: contentMediaType = %v, want %v", key, got, want)
		}
	}
	var ch sdkconfig.Checker
	var n note
	if ch.Typed(json.RawMessage(`{"body": "# Hi"}`), &n); ch.Problems() != nil {
		t.Errorf("markdown adds no check, got %v", ch.Problems())
	}
}

// TestSchemaOrder: the schema lists settings in the struct's order, which
// generated forms follow.
func TestSchemaOrder(t *testing.T) {
	raw := string(sdkconfig.Schema(survey{}))
	last := -1
	for _, key := range []string{`"title"`, `"layout"`, `"minutes"`, `"questions"`} {
		i := strings.Index(raw, key)
		if i < last {
			t.Errorf("%s comes before the setting declared before it:\n%s", key, raw)
		}
		last = i
	}
}
