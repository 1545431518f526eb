package xapi

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"
)

// decoder turns a JSON tree into the data model, checking the rules of
// one version as it goes. Every method returns a *ValidationError naming
// the property at fault.
type decoder struct {
	v Version
	// raws are the RawMessages the decoder has written, which each
	// statement records in Statement.parsed.
	raws []json.RawMessage
}

// wrote records r as one of the RawMessages the decoder wrote.
func (d *decoder) wrote(r json.RawMessage) json.RawMessage {
	d.raws = append(d.raws, r)
	return r
}

// propPath is where a value sits in a statement, as a ValidationError
// names it ("context.contextActivities.parent[0].id"). Each level is a
// propPath on its decoder method's stack that points at its parent's; the
// string is built only for an error (String), not at every level of every
// statement, where it was a fifth of the parse's allocations.
type propPath struct {
	up  *propPath // nil at the root
	key string    // a member's name, or the root's ("agent" or "")
	pos int       // 1 + the index of an array element; 0 for a member
}

// at is the path of the member key of the object at p.
func (p *propPath) at(key string) propPath { return propPath{up: p, key: key} }

// elem is the path of the i-th element of the array at p.
func (p *propPath) elem(i int) propPath { return propPath{up: p, pos: i + 1} }

// String returns the path as ValidationError.Property has it: members
// joined by dots, elements as [i], "" for the statement itself.
func (p propPath) String() string { return string(p.appendTo(nil)) }

// appendTo appends the path to b. It copies the names rather than return
// one of them, so that no propPath escapes: each stays on its stack.
func (p *propPath) appendTo(b []byte) []byte {
	if p.up != nil {
		b = p.up.appendTo(b)
	}
	if p.pos > 0 {
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(p.pos-1), 10)
		return append(b, ']')
	}
	if len(b) > 0 {
		b = append(b, '.')
	}
	return append(b, p.key...)
}

// join names the member key of the object at path, for an error.
func join(path propPath, key string) string { return path.at(key).String() }

// object checks that n is a JSON object that uses only the allowed member
// names (case-sensitive), each once.
func (d *decoder) object(n *node, path propPath, allowed ...string) error {
	if err := d.kind(n, path, kindObject); err != nil {
		return err
	}
	if dup := n.dup(); dup != "" {
		return invalid(join(path, dup), "appears more than once")
	}
next:
	for _, k := range n.keys {
		for _, a := range allowed {
			if k == a {
				continue next
			}
		}
		// A copy, so that allowed does not escape: the callers' lists
		// then stay on their stacks instead of costing an allocation each.
		return invalid(join(path, k), "is not an allowed property here (allowed: %v)", slices.Clone(allowed))
	}
	return nil
}

func (d *decoder) kind(n *node, path propPath, want kind) error {
	if n.kind == want {
		return nil
	}
	if n.kind == kindNull {
		return invalid(path.String(), "must not be null (expected %s)", want)
	}
	return invalid(path.String(), "must be %s, not %s", want, n.kind)
}

// member is kind for the member key of the object at path, whose path it
// builds only for an error: this runs for nearly every member of a
// statement.
func (d *decoder) member(m *node, path propPath, key string, want kind) error {
	if m.kind == want {
		return nil
	}
	return d.kind(m, path.at(key), want)
}

func (d *decoder) require(n *node, path propPath, keys ...string) error {
	for _, k := range keys {
		if n.get(k) == nil {
			return invalid(join(path, k), "is required")
		}
	}
	return nil
}

// str reads the optional string member key.
func (d *decoder) str(n *node, path propPath, key string) (string, error) {
	s, _, err := d.optStr(n, path, key)
	return s, err
}

// optStr is str that also says whether the member is there, for the
// checks that apply only then, without looking the member up again.
func (d *decoder) optStr(n *node, path propPath, key string) (s string, ok bool, err error) {
	m := n.get(key)
	if m == nil {
		return "", false, nil
	}
	if err := d.member(m, path, key, kindString); err != nil {
		return "", false, err
	}
	return m.s, true, nil
}

// iri reads the optional member key, which must be an IRI (or IRL).
func (d *decoder) iri(n *node, path propPath, key string) (string, error) {
	s, ok, err := d.optStr(n, path, key)
	if err != nil || !ok {
		return s, err
	}
	if !IsIRI(s) {
		return "", invalid(join(path, key), "%q is not an absolute IRI", s)
	}
	return s, nil
}

func (d *decoder) uuid(n *node, path propPath, key string) (string, error) {
	s, ok, err := d.optStr(n, path, key)
	if err != nil || !ok {
		return s, err
	}
	if !IsUUID(s) {
		return "", invalid(join(path, key), "%q is not a UUID", s)
	}
	return s, nil
}

func (d *decoder) boolean(n *node, path propPath, key string) (*bool, error) {
	m := n.get(key)
	if m == nil {
		return nil, nil
	}
	if err := d.member(m, path, key, kindBool); err != nil {
		return nil, err
	}
	b := m.b
	return &b, nil
}

func (d *decoder) number(n *node, path propPath, key string) (*float64, error) {
	m := n.get(key)
	if m == nil {
		return nil, nil
	}
	if err := d.member(m, path, key, kindNumber); err != nil {
		return nil, err
	}
	f, err := strconv.ParseFloat(m.s, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, invalid(join(path, key), "%s is out of range", m.s)
	}
	return &f, nil
}

func (d *decoder) timestamp(n *node, path propPath, key string) (*time.Time, error) {
	s, ok, err := d.optStr(n, path, key)
	if err != nil || !ok {
		return nil, err
	}
	t, err := ParseTimestamp(s, d.v)
	if err != nil {
		return nil, invalid(join(path, key), "%q %v", s, err)
	}
	return &t, nil
}

// langMap reads the optional language map member key: an object whose
// keys are RFC 5646 language tags and whose values are strings.
func (d *decoder) langMap(n *node, path propPath, key string) (map[string]string, error) {
	m, err := d.langMapNode(n, path, key)
	if m == nil || err != nil {
		return nil, err
	}
	out := make(map[string]string, len(m.keys))
	for i, tag := range m.keys {
		out[tag] = m.arr[i].s
	}
	return out, nil
}

// langMapNode checks the optional language map member key as langMap does
// and returns its node (nil when absent), for a caller that needs no Go
// map of it.
func (d *decoder) langMapNode(n *node, path propPath, key string) (*node, error) {
	m := n.get(key)
	if m == nil {
		return nil, nil
	}
	if err := d.uniqueMembers(m, path, key); err != nil {
		return nil, err
	}
	for i, tag := range m.keys {
		if !IsLanguageTag(tag) {
			return nil, invalid(join(path, key), "%q is not an RFC 5646 language tag", tag)
		}
		if m.arr[i].kind != kindString {
			lm := path.at(key)
			return nil, d.kind(m.arr[i], lm.at(tag), kindString)
		}
	}
	return m, nil
}

// uniqueMembers checks that m, the member key of the object at path, is an
// object that repeats no name; it builds paths only for an error.
func (d *decoder) uniqueMembers(m *node, path propPath, key string) error {
	if err := d.member(m, path, key, kindObject); err != nil {
		return err
	}
	if dup := m.dup(); dup != "" {
		return invalid(join(path.at(key), dup), "appears more than once")
	}
	return nil
}

// extensions reads the optional extensions member: an object whose keys
// are IRIs and whose values are any JSON, null included, kept as written.
func (d *decoder) extensions(n *node, path propPath) (json.RawMessage, error) {
	m := n.get("extensions")
	if m == nil {
		return nil, nil
	}
	if err := d.uniqueMembers(m, path, "extensions"); err != nil {
		return nil, err
	}
	for _, k := range m.keys {
		if !IsIRI(k) {
			return nil, invalid(join(path, "extensions"), "the key %q is not an IRI", k)
		}
	}
	return d.wrote(m.raw()), nil
}

// array reads the optional array member key.
func (d *decoder) array(n *node, path propPath, key string) ([]*node, bool, error) {
	m := n.get(key)
	if m == nil {
		return nil, false, nil
	}
	if err := d.member(m, path, key, kindArray); err != nil {
		return nil, false, err
	}
	return m.arr, true, nil
}

// iris reads an array of IRIs.
func (d *decoder) iris(n *node, path propPath, key string) ([]string, error) {
	els, ok, err := d.array(n, path, key)
	if err != nil || !ok {
		return nil, err
	}
	out := make([]string, len(els))
	lp := path.at(key)
	for i, el := range els {
		p := lp.elem(i)
		if err := d.kind(el, p, kindString); err != nil {
			return nil, err
		}
		if !IsIRI(el.s) {
			return nil, invalid(p.String(), "%q is not an absolute IRI", el.s)
		}
		out[i] = el.s
	}
	return out, nil
}
