package sdkconfig_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// A content type's Validate checks each level of its configuration with one
// Checker and adds its own rules, skipping a setting already reported.
func ExampleChecker() {
	raw := json.RawMessage(`{"tilte": "Safety", "minutes": "ten", "items": [{"text": ""}]}`)

	var ch sdkconfig.Checker
	var title string
	var minutes *float64
	var items []json.RawMessage
	if ch.Config(raw, sdkconfig.Fields{"title": &title, "minutes": &minutes, "items": &items}) {
		if title == "" && !ch.Has("/title") {
			ch.Addf("/title", "a checklist needs a title")
		}
		for i, item := range items {
			ptr := fmt.Sprintf("/items/%d", i)
			var text string
			if ch.Object(ptr, item, sdkconfig.Fields{"text": &text}) && strings.TrimSpace(text) == "" {
				ch.Addf(ptr+"/text", "each item needs text")
			}
		}
	}
	for _, p := range ch.Problems() {
		fmt.Printf("%s: %s\n", p.Pointer, p.Message)
	}
	// Output:
	// /minutes: "minutes" must be a number, not the text "ten"
	// /tilte: unknown setting "tilte" (did you mean "title"?); the settings here are items, minutes, title
	// /title: a checklist needs a title
	// /items/0/text: each item needs text
}
