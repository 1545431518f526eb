package sdkconfig

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// Schema returns the JSON Schema (draft 2020-12) of the typed configuration
// v, a struct or a pointer to one (see the tags above Checker.Typed), for
// Description.ConfigSchema. It is the schema Checker.Typed enforces:
// unknown settings are refused, required texts must not be blank.
func Schema(v any) json.RawMessage {
	s := schemaOf(structType(v), rule{})
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic("sdkconfig: " + err.Error()) // maps of plain values always marshal
	}
	return b
}

// schemaOf is the schema of a value of type t with the rules r.
func schemaOf(t reflect.Type, r rule) map[string]any {
	if t.Kind() == reflect.Pointer && t.Elem() != rawMessage {
		// Optional: null, YAML's empty value, counts as left out.
		s := schemaOf(t.Elem(), r)
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
		}
		return s
	}
	s := map[string]any{}
	if r.doc != "" {
		s["description"] = r.doc
	}
	if r.defaultRaw != nil {
		s["default"] = r.defaultRaw
	}
	switch {
	case t == rawMessage:
		return s
	case t.Kind() == reflect.Struct:
		props, required := properties{}, []string{}
		for _, fr := range rulesOf(t) {
			props = append(props, property{fr.name, schemaOf(t.Field(fr.index).Type, fr)})
			if fr.required {
				required = append(required, fr.name)
			}
		}
		s["type"], s["properties"], s["additionalProperties"] = "object", props, false
		if len(required) > 0 {
			s["required"] = required
		}
	case t.Kind() == reflect.String:
		s["type"] = "string"
		bounds(s, r, "minLength", "maxLength")
		if r.pattern != nil {
			s["pattern"] = r.pattern.String()
		}
		if r.required {
			notBlank := map[string]any{"pattern": `\S`}
			if r.pattern == nil {
				s["pattern"] = notBlank["pattern"]
			} else {
				s["allOf"] = []any{notBlank}
			}
			if r.min == nil {
				s["minLength"] = 1
			}
		}
		if r.enum != nil {
			s["enum"] = r.enum
		}
		if r.markdown {
			s["contentMediaType"] = "text/markdown"
		}
	case t.Kind() == reflect.Bool:
		s["type"] = "boolean"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		s["type"] = "number"
		bounds(s, r, "minimum", "maximum")
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		s["type"] = "integer"
		bounds(s, r, "minimum", "maximum")
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		s["type"], s["items"] = "array", schemaOf(t.Elem(), rule{})
		bounds(s, r, "minItems", "maxItems")
	}
	return s
}

func bounds(s map[string]any, r rule, minKey, maxKey string) {
	if r.above != nil && minKey == "minimum" {
		s["exclusiveMinimum"] = *r.above
	}
	if r.min != nil {
		s[minKey] = *r.min
	}
	if r.max != nil {
		s[maxKey] = *r.max
	}
}

// properties keep the struct's field order in the schema, so that a form
// generated from it lists the settings in the order the content type's
// author declared them (id and type before the rest) rather than
// alphabetically, as a map would.
type properties []property

type property struct {
	name   string
	schema map[string]any
}

func (ps properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(p.name)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(p.schema)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
