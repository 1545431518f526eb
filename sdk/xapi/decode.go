package xapi

import (
	"slices"
	"strings"
)

var (
	statementKeys    = []string{"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"}
	subStatementKeys = []string{"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
)

// statement reads a whole statement into st, which a batch's slice
// holds: a statement of its own would be one more allocation to copy.
func (d *decoder) statement(n *node, path propPath, st *Statement) error {
	if err := d.object(n, path, statementKeys...); err != nil {
		return err
	}
	first := len(d.raws)
	defer func() { st.parsed = slices.Clip(d.raws[first:]) }()
	var err error
	if st.ID, err = d.uuid(n, path, "id"); err != nil {
		return err
	}
	if err := d.core(n, path, &st.Actor, &st.Verb, &st.Object, &st.Result, &st.Context, &st.Attachments, false); err != nil {
		return err
	}
	if st.Timestamp, err = d.timestamp(n, path, "timestamp"); err != nil {
		return err
	}
	if st.Stored, err = d.timestamp(n, path, "stored"); err != nil {
		return err
	}
	if auth := n.get("authority"); auth != nil {
		a, err := d.agent(auth, path.at("authority"), roleAuthority)
		if err != nil {
			return err
		}
		st.Authority = &a
	}
	var hasVersion bool
	if st.Version, hasVersion, err = d.optStr(n, path, "version"); err != nil {
		return err
	}
	if hasVersion && !d.statementVersion(st.Version) {
		return invalid(join(path, "version"), "%q is not a version this LRS accepts in %s (%s)", st.Version, d.v, d.versionsAccepted())
	}
	if st.Verb.ID == VoidedVerb && st.Object.ObjectType != "StatementRef" {
		return invalid(join(path, "object.objectType"), "a voiding statement (verb %s) must have a StatementRef object", VoidedVerb)
	}
	return nil
}

// statementVersion reports whether the version property s is accepted:
// 1.0 or 1.0.x, and under 2.0 also 2.0 or 2.0.x.
func (d *decoder) statementVersion(s string) bool {
	ok := func(prefix string) bool {
		if s == prefix {
			return true
		}
		rest, found := strings.CutPrefix(s, prefix+".")
		return found && isDigits(rest)
	}
	return ok("1.0") || d.v == V200 && ok("2.0")
}

func (d *decoder) versionsAccepted() string {
	if d.v == V200 {
		return "1.0, 1.0.x, 2.0 or 2.0.x"
	}
	return "1.0 or 1.0.x"
}

// core reads what a statement and a SubStatement share: actor, verb,
// object, result, context, timestamp (by the caller) and attachments.
func (d *decoder) core(n *node, path propPath, actor *Agent, verb *Verb, obj *Object, res **Result, ctx **Context, att *[]Attachment, sub bool) error {
	if err := d.require(n, path, "actor", "verb", "object"); err != nil {
		return err
	}
	var err error
	if *actor, err = d.agent(n.get("actor"), path.at("actor"), roleActor); err != nil {
		return err
	}
	if *verb, err = d.verb(n.get("verb"), path.at("verb")); err != nil {
		return err
	}
	if *obj, err = d.statementObject(n.get("object"), path.at("object"), sub); err != nil {
		return err
	}
	if r := n.get("result"); r != nil {
		if *res, err = d.result(r, path.at("result")); err != nil {
			return err
		}
	}
	if c := n.get("context"); c != nil {
		if *ctx, err = d.context(c, path.at("context"), obj.IsActivity()); err != nil {
			return err
		}
	}
	if *att, err = d.attachments(n, path); err != nil {
		return err
	}
	return nil
}

func (d *decoder) verb(n *node, path propPath) (Verb, error) {
	if err := d.object(n, path, "id", "display"); err != nil {
		return Verb{}, err
	}
	if err := d.require(n, path, "id"); err != nil {
		return Verb{}, err
	}
	var v Verb
	var err error
	if v.ID, err = d.iri(n, path, "id"); err != nil {
		return v, err
	}
	if v.Display, err = d.langMap(n, path, "display"); err != nil {
		return v, err
	}
	return v, nil
}

// statementObject reads the object of a statement (sub false) or of a
// SubStatement (sub true, which may not hold another SubStatement).
func (d *decoder) statementObject(n *node, path propPath, sub bool) (Object, error) {
	if err := d.kind(n, path, kindObject); err != nil {
		return Object{}, err
	}
	ot, hasType, err := d.optStr(n, path, "objectType")
	if err != nil {
		return Object{}, err
	}
	switch ot {
	case "", "Activity":
		if ot == "" && hasType {
			break
		}
		return d.activity(n, path)
	case "Agent", "Group":
		a, err := d.agent(n, path, roleObject)
		if err != nil {
			return Object{}, err
		}
		return ObjectOf(a), nil
	case "StatementRef":
		ref, err := d.statementRef(n, path)
		if err != nil {
			return Object{}, err
		}
		return Object{ObjectType: ref.ObjectType, ID: ref.ID}, nil
	case "SubStatement":
		if sub {
			return Object{}, invalid(join(path, "objectType"), "a SubStatement cannot contain another SubStatement")
		}
		return d.subStatement(n, path)
	}
	return Object{}, invalid(join(path, "objectType"), `%q is not one of "Activity", "Agent", "Group", "StatementRef", "SubStatement"`, ot)
}

func (d *decoder) statementRef(n *node, path propPath) (*StatementRef, error) {
	if err := d.object(n, path, "objectType", "id"); err != nil {
		return nil, err
	}
	if err := d.require(n, path, "objectType", "id"); err != nil {
		return nil, err
	}
	ot, err := d.str(n, path, "objectType")
	if err != nil {
		return nil, err
	}
	if ot != "StatementRef" {
		return nil, invalid(join(path, "objectType"), `must be "StatementRef", not %q`, ot)
	}
	id, err := d.uuid(n, path, "id")
	if err != nil {
		return nil, err
	}
	return &StatementRef{ObjectType: ot, ID: id}, nil
}

func (d *decoder) subStatement(n *node, path propPath) (Object, error) {
	for _, k := range []string{"id", "stored", "version", "authority"} {
		if n.get(k) != nil {
			return Object{}, invalid(join(path, k), "a SubStatement must not have %s", k)
		}
	}
	if err := d.object(n, path, subStatementKeys...); err != nil {
		return Object{}, err
	}
	o := Object{ObjectType: "SubStatement", Actor: &Agent{}, Verb: &Verb{}, Object: &Object{}}
	if err := d.core(n, path, o.Actor, o.Verb, o.Object, &o.Result, &o.Context, &o.Attachments, true); err != nil {
		return Object{}, err
	}
	var err error
	if o.Timestamp, err = d.timestamp(n, path, "timestamp"); err != nil {
		return Object{}, err
	}
	return o, nil
}
