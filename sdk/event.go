package sdk

import (
	"encoding/json"
	"fmt"
)

// Fields decodes the Data of an event sent by a data-lode-event form: a JSON
// object of field name to list of values. Missing data gives an empty map.
func (e Event) Fields() (map[string][]string, error) {
	fields := map[string][]string{}
	if len(e.Data) == 0 || string(e.Data) == "null" {
		return fields, nil
	}
	if err := json.Unmarshal(e.Data, &fields); err != nil {
		return nil, fmt.Errorf("event %q: data must be an object of field name to list of strings: %w", e.Type, err)
	}
	return fields, nil
}
