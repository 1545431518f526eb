package sdk

import (
	"encoding/json"
	"fmt"
)

// FormFields is the Data of an event sent by a content type's form: each
// field's name to its values, in document order, as the browser submits
// them. A form marked data-lode-event="TYPE" becomes, when the learner
// submits it, Event{Type: "TYPE", Data: FormFields as JSON}, whether
// Lode's script sends it or, without JavaScript, the browser posts it to
// action="?event=TYPE":
//
//	<form method="post" action="?event=answer" data-lode-event="answer">
//	  <label><input type="radio" name="choice" value="1" checked> B</label>
//	  <label><input type="checkbox" name="tags" value="x" checked> X</label>
//	  <label><input type="checkbox" name="tags" value="y" checked> Y</label>
//	  <button name="action" value="save">Save</button>
//	</form>
//
// sends {"choice": ["1"], "tags": ["x", "y"], "action": ["save"]}: the
// clicked button's name and value are added, as a browser does, so one
// form can offer several actions. Unticked boxes and unchosen radios send
// nothing. A plugin's own script sends any JSON it likes with
// window.Lode.send(type, data); read that with json.Unmarshal instead.
type FormFields map[string][]string

// Get returns the first value of the field name, or "" if it was not sent.
func (f FormFields) Get(name string) string {
	if v := f[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Fields decodes the Data of an event sent by a data-lode-event form (see
// FormFields). Missing data gives an empty map; data of another shape is
// an error, which a Handle returns as an *InvalidError.
func (e Event) Fields() (FormFields, error) {
	fields := FormFields{}
	if len(e.Data) == 0 || string(e.Data) == "null" {
		return fields, nil
	}
	if err := json.Unmarshal(e.Data, &fields); err != nil {
		return nil, fmt.Errorf("event %q: data must be an object of field name to list of strings: %w", e.Type, err)
	}
	return fields, nil
}
