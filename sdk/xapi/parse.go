package xapi

import "strings"

// Version is an xAPI version this package implements, as the
// X-Experience-API-Version header chooses it: V103 or V200.
type Version string

// The versions Lode speaks.
const (
	V103 Version = "1.0.3"
	V200 Version = "2.0.0"
)

// StatementVersion is the version property of a statement made under v
// when its sender set none: "1.0.0" under 1.0.3 (xAPI-Data 2.4.10: the
// 1.0.x data model is 1.0.0's, and a provider that sets it sets 1.0.0),
// "2.0.0" under 2.0.
func (v Version) StatementVersion() string {
	if v == V200 {
		return "2.0.0"
	}
	return "1.0.0"
}

// VersionHeader is the HTTP header that names the xAPI version of a request
// and a response.
const VersionHeader = "X-Experience-API-Version"

// ParseVersionHeader returns the version an X-Experience-API-Version header
// asks for: "1.0" and "1.0.x" choose V103, "2.0" and "2.0.x" choose V200
// (the 1.0.3 spec has an LRS accept every 1.0.x). An empty or unknown value
// is a *ValidationError naming the header.
func ParseVersionHeader(h string) (Version, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return "", invalid(VersionHeader, "the header is required (1.0.3 or 2.0.0)")
	}
	major, patch, _ := strings.Cut(h, ".")
	minor, patch, hasPatch := strings.Cut(patch, ".")
	if minor == "0" && (!hasPatch || isDigits(patch)) {
		switch major {
		case "1":
			return V103, nil
		case "2":
			return V200, nil
		}
	}
	return "", invalid(VersionHeader, "%q is not a supported xAPI version (1.0.3 or 2.0.0)", h)
}

// ParseStatement decodes one statement and checks every rule of the data
// model of version v (xAPI-Data 2.2 to 2.4, 4.x; for V200 the IEEE 9274.1.1
// changes): no unknown, repeated or null properties (but inside
// extensions), the right JSON types, the formats of UUIDs, IRIs, mailto
// IRIs, language tags, timestamps, durations and versions, one inverse
// functional identifier per Agent, objectType rules per position, score
// ranges, context rules, SubStatement and voiding rules, attachment
// metadata. It normalizes what the LRS must return differently: a single
// context activity becomes an array, timestamps become UTC. json.Marshal of
// the result is otherwise the statement as it came. The error is a
// *ValidationError naming the property ("object.definition.interactionType")
// and the problem.
func ParseStatement(raw []byte, v Version) (*Statement, error) {
	n, err := parseJSON(raw)
	if err != nil {
		return nil, invalid("", "the statement is not valid JSON: %v", err)
	}
	d := decoder{v: v}
	if err := d.kind(n, propPath{}, kindObject); err != nil {
		return nil, invalid("", "a statement must be a JSON object, not %s", n.kind)
	}
	var st Statement
	if err := d.statement(n, propPath{}, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// ParseStatements decodes a statement or a JSON array of statements, as a
// POST to the Statements resource carries them. The property of an error in
// an array names the index, as in "[3].actor.mbox".
func ParseStatements(raw []byte, v Version) ([]Statement, error) {
	n, err := parseJSON(raw)
	if err != nil {
		return nil, invalid("", "the statements are not valid JSON: %v", err)
	}
	d := decoder{v: v}
	switch n.kind {
	case kindObject:
		out := make([]Statement, 1)
		if err := d.statement(n, propPath{}, &out[0]); err != nil {
			return nil, err
		}
		return out, nil
	case kindArray:
		out := make([]Statement, len(n.arr))
		var root propPath
		for i, el := range n.arr {
			p := root.elem(i)
			if err := d.kind(el, p, kindObject); err != nil {
				return nil, err
			}
			if err := d.statement(el, p, &out[i]); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, invalid("", "expected a statement or an array of statements, not %s", n.kind)
}

// ParseAgent decodes the agent parameter of the Statements, State, Agent
// Profile and Agents resources: an Agent (objectType absent or "Agent") or
// an identified Group, with exactly one inverse functional identifier whose
// format is checked (a Group's members are checked too). An anonymous Group
// is rejected: it has no identifier to look anything up by. The error is a
// *ValidationError whose property starts with "agent".
func ParseAgent(raw []byte, v Version) (*Agent, error) {
	n, err := parseJSON(raw)
	if err != nil {
		return nil, invalid("agent", "is not valid JSON: %v", err)
	}
	d := decoder{v: v}
	a, err := d.agent(n, propPath{key: "agent"}, roleActor)
	if err != nil {
		return nil, err
	}
	if a.IFI() == "" {
		return nil, invalid("agent", "an anonymous Group cannot be used here: it has no identifier")
	}
	return &a, nil
}
