package sdkconfig_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// settings has a setting of every kind a content type's configuration uses.
type settings struct {
	Title   string
	Minutes *float64 // nil when left out
	Count   int
	Shuffle bool
	Tags    []string
	Items   []json.RawMessage // checked item by item
	Link    json.RawMessage   // a nested mapping, checked on its own
}

func (s *settings) fields() sdkconfig.Fields {
	return sdkconfig.Fields{"title": &s.Title, "minutes": &s.Minutes, "count": &s.Count, "shuffle": &s.Shuffle,
		"tags": &s.Tags, "items": &s.Items, "link": &s.Link}
}

const names = "count, items, link, minutes, shuffle, tags, title"

// problem is an expected sdk.Problem: its pointer and a part of its message.
type problem struct{ ptr, msg string }

func TestConfig(t *testing.T) {
	tests := []struct {
		name, config string
		ok           bool // whether later checks could run
		want         []problem
	}{
		{"every setting", `{"title":"T","minutes":2.5,"count":3,"shuffle":true,"tags":["a"],"items":[{}],"link":{"url":"x"}}`, true, nil},
		{"no settings", `{}`, true, nil},
		{"null settings", `{"title":null,"minutes":null,"tags":null}`, true, nil},
		{"empty", ``, false, []problem{{"", "the configuration is empty"}}},
		{"malformed", `{"title": "T",}`, false, []problem{{"", "not valid JSON (line 1, column 15): invalid character '}'"}}},
		{"malformed on line 2", "{\"title\": \"T\",\n  \"count\": }", false, []problem{{"", "(line 2, column 12)"}}},
		{"column counts characters", "{\n  \"é\": ]}", false, []problem{{"", "(line 2, column 8)"}}},
		{"trailing data", `{} {}`, false, []problem{{"", "(line 1, column 4): invalid character '{' after top-level value"}}},
		{"null", `null`, false, []problem{{"", "must be a mapping with the settings " + names + ", not empty"}}},
		{"a list", `["title"]`, false, []problem{{"", "not a list"}}},
		{"text", `"title"`, false, []problem{{"", `not the text "title"`}}},
		{"wrong types", `{"title":1,"minutes":"5","count":2.5,"shuffle":"yes","tags":"a","items":{},"link":[]}`, true, []problem{
			{"/count", `"count" must be a whole number, not the number 2.5`},
			{"/items", `"items" must be a list, not a mapping`},
			{"/minutes", `"minutes" must be a number, not the text "5"`},
			{"/shuffle", `"shuffle" must be true or false, not the text "yes"`},
			{"/tags", `"tags" must be a list of text, not the text "a"`},
			{"/title", `"title" must be text, not the number 1`},
		}},
		{"true is not text", `{"title":true}`, true, []problem{{"/title", `"title" must be text, not true`}}},
		{"long text is cut", `{"count":"` + strings.Repeat("x", 50) + `"}`, true, []problem{{"/count", `not the text "` + strings.Repeat("x", 40) + `…"`}}},
		{"list of the wrong things", `{"tags":["a",1]}`, true, []problem{{"/tags", `"tags" must be a list of text, not a list`}}},
		{"typo", `{"titel":"T"}`, true, []problem{{"/titel", `unknown setting "titel" (did you mean "title"?); the settings here are ` + names}}},
		{"wrong case", `{"Shuffle":true}`, true, []problem{{"/Shuffle", `did you mean "shuffle"?`}}},
		{"unknown, like nothing", `{"colour":"red"}`, true, []problem{{"/colour", `unknown setting "colour"; the settings here are ` + names}}},
		{"unknown key escaped", `{"a/b~c":1}`, true, []problem{{"/a~1b~0c", `unknown setting "a/b~c"`}}},
		{"every problem at once", `{"title":[],"cuont":1,"zzz":0,"minutes":-1}`, true, []problem{
			{"/cuont", `did you mean "count"?`}, {"/title", "must be text, not a list"}, {"/zzz", "unknown setting"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ch sdkconfig.Checker
			var s settings
			if ok := ch.Config(json.RawMessage(tt.config), s.fields()); ok != tt.ok {
				t.Errorf("Config = %v, want %v", ok, tt.ok)
			}
			assertProblems(t, ch.Problems(), tt.want)
		})
	}
}

func TestConfigDecodes(t *testing.T) {
	var ch sdkconfig.Checker
	s := settings{Title: "default", Count: 7}
	ok := ch.Config(json.RawMessage(`{"minutes":2.5,"shuffle":true,"tags":["a","b"],"items":[{"id":1},2],"link":{"url":"x"}}`), s.fields())
	if !ok || ch.Problems() != nil {
		t.Fatalf("Config = %v, problems %+v", ok, ch.Problems())
	}
	if s.Title != "default" || s.Count != 7 {
		t.Errorf("settings left out lost their defaults: %+v", s)
	}
	if s.Minutes == nil || *s.Minutes != 2.5 || !s.Shuffle || !slices.Equal(s.Tags, []string{"a", "b"}) ||
		len(s.Items) != 2 || string(s.Items[1]) != "2" || string(s.Link) != `{"url":"x"}` {
		t.Errorf("decoded %+v", s)
	}
}

func TestObject(t *testing.T) {
	tests := []struct {
		name, raw string
		ok        bool
		want      []problem
	}{
		{"valid", `{"id":"a","text":"A"}`, true, nil},
		{"not a mapping", `"a"`, false, []problem{{"/items/3", `must be a mapping with the settings id, text, not the text "a"`}}},
		{"nothing", ``, false, []problem{{"/items/3", "not nothing"}}},
		{"problems under its pointer", `{"id":2,"txet":"A"}`, true, []problem{
			{"/items/3/id", `"id" must be text, not the number 2`}, {"/items/3/txet", `did you mean "text"?`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ch sdkconfig.Checker
			var id, text string
			if ok := ch.Object("/items/3", json.RawMessage(tt.raw), sdkconfig.Fields{"id": &id, "text": &text}); ok != tt.ok {
				t.Errorf("Object = %v, want %v", ok, tt.ok)
			}
			assertProblems(t, ch.Problems(), tt.want)
		})
	}
}

func TestValue(t *testing.T) {
	var ch sdkconfig.Checker
	var items []json.RawMessage
	ch.Object("", json.RawMessage(`{"tags":["a",1,null]}`), sdkconfig.Fields{"tags": &items})
	texts := make([]string, len(items))
	for i, item := range items {
		ch.Value(sdkconfig.Join("/tags", fmt.Sprint(i)), item, &texts[i])
	}
	assertProblems(t, ch.Problems(), []problem{{"/tags/1", "must be text, not the number 1"}})
	if texts[0] != "a" || texts[2] != "" {
		t.Errorf("decoded %q", texts)
	}
}

func TestAddfAndHas(t *testing.T) {
	var ch sdkconfig.Checker
	var count int
	ch.Object("", json.RawMessage(`{"count":"three"}`), sdkconfig.Fields{"count": &count})
	if !ch.Has("/count") || ch.Has("/title") || ch.Has("") {
		t.Errorf("Has after a wrong type: %+v", ch.Problems())
	}
	ch.Addf("/title", "a %s needs a title", "page")
	assertProblems(t, ch.Problems(), []problem{{"/count", "whole number"}, {"/title", "a page needs a title"}})
	if p := ch.Problems(); p[1].Message != "a page needs a title" {
		t.Errorf("Addf recorded %q", p[1].Message)
	}
}

// assertProblems checks that got holds the wanted problems in the order the
// Checker found them: pointers exactly, messages by substring.
func assertProblems(t *testing.T, got []sdk.Problem, want []problem) {
	t.Helper()
	same := len(got) == len(want)
	for i := 0; same && i < len(want); i++ {
		same = got[i].Pointer == want[i].ptr && strings.Contains(got[i].Message, want[i].msg)
	}
	if !same {
		t.Errorf("problems\n\t%+v\nwant, in order,\n\t%+v", got, want)
	}
}
