package xapi

import (
	"bytes"
	"encoding/json"
)

// keep records the optional string properties that a statement had with
// the value "": omitempty would drop them, and the LRS must return a
// statement as it came. Only the parser (and json.Unmarshal) set it.
type keep uint8

const (
	keepName keep = 1 << iota
	keepResponse
	keepRevision
	keepPlatform
)

// withEmpty appends "key":"" to the JSON object obj for each key whose bit
// is set in k.
func withEmpty(obj []byte, k keep, keys map[keep]string) []byte {
	for _, bit := range []keep{keepName, keepResponse, keepRevision, keepPlatform} {
		key, ok := keys[bit]
		if k&bit == 0 || !ok {
			continue
		}
		obj = bytes.TrimSuffix(obj, []byte("}"))
		if len(obj) > 1 {
			obj = append(obj, ',')
		}
		obj = append(obj, `"`+key+`":""}`...)
	}
	return obj
}

// presentEmpty returns the bits of keys present in the JSON object raw
// with the value "".
func presentEmpty(raw []byte, keys map[keep]string) keep {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return 0
	}
	var k keep
	for bit, key := range keys {
		if v, ok := m[key]; ok && string(bytes.TrimSpace(v)) == `""` {
			k |= bit
		}
	}
	return k
}

var (
	agentEmpty   = map[keep]string{keepName: "name"}
	resultEmpty  = map[keep]string{keepResponse: "response"}
	contextEmpty = map[keep]string{keepRevision: "revision", keepPlatform: "platform"}
)

type plainAgent Agent

// MarshalJSON encodes a, keeping a "name" that came as "".
func (a Agent) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(plainAgent(a))
	if err != nil || a.keep&keepName == 0 || a.Name != "" {
		return b, err
	}
	return withEmpty(b, keepName, agentEmpty), nil
}

// UnmarshalJSON decodes a, remembering a "name" of "".
func (a *Agent) UnmarshalJSON(raw []byte) error {
	if err := json.Unmarshal(raw, (*plainAgent)(a)); err != nil {
		return err
	}
	if a.Name == "" && bytes.Contains(raw, []byte(`"name"`)) {
		a.keep = presentEmpty(raw, agentEmpty)
	}
	return nil
}

type plainObject Object

// MarshalJSON encodes o, keeping a "name" that came as "".
func (o Object) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(plainObject(o))
	if err != nil || o.keep&keepName == 0 || o.Name != "" {
		return b, err
	}
	return withEmpty(b, keepName, agentEmpty), nil
}

// UnmarshalJSON decodes o, remembering a "name" of "".
func (o *Object) UnmarshalJSON(raw []byte) error {
	if err := json.Unmarshal(raw, (*plainObject)(o)); err != nil {
		return err
	}
	if o.Name == "" && bytes.Contains(raw, []byte(`"name"`)) {
		o.keep = presentEmpty(raw, agentEmpty)
	}
	return nil
}

type plainResult Result

// MarshalJSON encodes r, keeping a "response" that came as "".
func (r Result) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(plainResult(r))
	if err != nil || r.keep&keepResponse == 0 || r.Response != "" {
		return b, err
	}
	return withEmpty(b, keepResponse, resultEmpty), nil
}

// UnmarshalJSON decodes r, remembering a "response" of "".
func (r *Result) UnmarshalJSON(raw []byte) error {
	if err := json.Unmarshal(raw, (*plainResult)(r)); err != nil {
		return err
	}
	if r.Response == "" && bytes.Contains(raw, []byte(`"response"`)) {
		r.keep = presentEmpty(raw, resultEmpty)
	}
	return nil
}

type plainContext Context

// MarshalJSON encodes c, keeping a "revision" or "platform" that came as
// "".
func (c Context) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(plainContext(c))
	k := c.keep
	if c.Revision != "" {
		k &^= keepRevision
	}
	if c.Platform != "" {
		k &^= keepPlatform
	}
	if err != nil || k == 0 {
		return b, err
	}
	return withEmpty(b, k, contextEmpty), nil
}

// UnmarshalJSON decodes c, remembering a "revision" or "platform" of "".
func (c *Context) UnmarshalJSON(raw []byte) error {
	if err := json.Unmarshal(raw, (*plainContext)(c)); err != nil {
		return err
	}
	if (c.Revision == "" || c.Platform == "") &&
		(bytes.Contains(raw, []byte(`"revision"`)) || bytes.Contains(raw, []byte(`"platform"`))) {
		c.keep = presentEmpty(raw, contextEmpty)
	}
	return nil
}
