package xapi

import (
	"slices"
	"strconv"
)

func (d *decoder) result(n *node, path propPath) (*Result, error) {
	if err := d.object(n, path, "score", "success", "completion", "response", "duration", "extensions"); err != nil {
		return nil, err
	}
	var r Result
	var err error
	if sc := n.get("score"); sc != nil {
		if r.Score, err = d.score(sc, path.at("score")); err != nil {
			return nil, err
		}
	}
	if r.Success, err = d.boolean(n, path, "success"); err != nil {
		return nil, err
	}
	if r.Completion, err = d.boolean(n, path, "completion"); err != nil {
		return nil, err
	}
	var has bool
	if r.Response, has, err = d.optStr(n, path, "response"); err != nil {
		return nil, err
	}
	if has && r.Response == "" {
		r.keep |= keepResponse
	}
	if r.Duration, has, err = d.optStr(n, path, "duration"); err != nil {
		return nil, err
	}
	if has && !isDuration(r.Duration) {
		return nil, invalid(join(path, "duration"), "%q is not an ISO 8601 duration (e.g. PT1H30M2.5S)", r.Duration)
	}
	if r.Extensions, err = d.extensions(n, path); err != nil {
		return nil, err
	}
	return &r, nil
}

func (d *decoder) score(n *node, path propPath) (*Score, error) {
	if err := d.object(n, path, "scaled", "raw", "min", "max"); err != nil {
		return nil, err
	}
	var sc Score
	var err error
	for _, f := range []struct {
		key string
		dst **float64
	}{{"scaled", &sc.Scaled}, {"raw", &sc.Raw}, {"min", &sc.Min}, {"max", &sc.Max}} {
		if *f.dst, err = d.number(n, path, f.key); err != nil {
			return nil, err
		}
	}
	if sc.Scaled != nil && (*sc.Scaled < -1 || *sc.Scaled > 1) {
		return nil, invalid(join(path, "scaled"), "%v is outside -1..1", *sc.Scaled)
	}
	if sc.Min != nil && sc.Max != nil && *sc.Min > *sc.Max {
		return nil, invalid(join(path, "min"), "%v is greater than max %v", *sc.Min, *sc.Max)
	}
	if sc.Raw != nil && sc.Min != nil && *sc.Raw < *sc.Min {
		return nil, invalid(join(path, "raw"), "%v is less than min %v", *sc.Raw, *sc.Min)
	}
	if sc.Raw != nil && sc.Max != nil && *sc.Raw > *sc.Max {
		return nil, invalid(join(path, "raw"), "%v is greater than max %v", *sc.Raw, *sc.Max)
	}
	return &sc, nil
}

// The properties of a context in xAPI 1.0.3, and in 2.0 with contextAgents
// and contextGroups.
var (
	contextKeys103 = []string{"registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement", "extensions"}
	contextKeys200 = append(slices.Clip(contextKeys103), "contextAgents", "contextGroups")
)

func (d *decoder) contextKeys() []string {
	if d.v == V200 {
		return contextKeys200
	}
	return contextKeys103
}

// context reads a statement's context; activity says whether the
// statement's object is an Activity (revision and platform need one).
func (d *decoder) context(n *node, path propPath, activity bool) (*Context, error) {
	if err := d.object(n, path, d.contextKeys()...); err != nil {
		return nil, err
	}
	var c Context
	var err error
	if c.Registration, err = d.uuid(n, path, "registration"); err != nil {
		return nil, err
	}
	if c.Instructor, err = d.optAgent(n, path, "instructor", roleInstructor); err != nil {
		return nil, err
	}
	if c.Team, err = d.optAgent(n, path, "team", roleTeam); err != nil {
		return nil, err
	}
	if ca := n.get("contextActivities"); ca != nil {
		if c.ContextActivities, err = d.contextActivities(ca, path.at("contextActivities")); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		key string
		dst *string
		bit keep
	}{{"revision", &c.Revision, keepRevision}, {"platform", &c.Platform, keepPlatform}} {
		if *f.dst, err = d.str(n, path, f.key); err != nil {
			return nil, err
		}
		if n.get(f.key) != nil && *f.dst == "" {
			c.keep |= f.bit
		}
		if n.get(f.key) != nil && !activity {
			return nil, invalid(join(path, f.key), "may only be used when the statement's object is an Activity")
		}
	}
	var hasLanguage bool
	if c.Language, hasLanguage, err = d.optStr(n, path, "language"); err != nil {
		return nil, err
	}
	if hasLanguage && !IsLanguageTag(c.Language) {
		return nil, invalid(join(path, "language"), "%q is not an RFC 5646 language tag", c.Language)
	}
	if ref := n.get("statement"); ref != nil {
		if c.Statement, err = d.statementRef(ref, path.at("statement")); err != nil {
			return nil, err
		}
	}
	if c.Extensions, err = d.extensions(n, path); err != nil {
		return nil, err
	}
	if c.ContextAgents, err = d.contextAgents(n, path); err != nil {
		return nil, err
	}
	if c.ContextGroups, err = d.contextGroups(n, path); err != nil {
		return nil, err
	}
	return &c, nil
}

func (d *decoder) optAgent(n *node, path propPath, key string, role agentRole) (*Agent, error) {
	m := n.get(key)
	if m == nil {
		return nil, nil
	}
	a, err := d.agent(m, path.at(key), role)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// contextActivities reads parent, grouping, category and other, each an
// Activity or an array of them; a single Activity becomes an array of one,
// as the LRS must return it.
func (d *decoder) contextActivities(n *node, path propPath) (*ContextActivities, error) {
	if err := d.object(n, path, "parent", "grouping", "category", "other"); err != nil {
		return nil, err
	}
	var ca ContextActivities
	for _, f := range []struct {
		key string
		dst *[]Object
	}{{"parent", &ca.Parent}, {"grouping", &ca.Grouping}, {"category", &ca.Category}, {"other", &ca.Other}} {
		m := n.get(f.key)
		if m == nil {
			continue
		}
		p := path.at(f.key)
		if m.kind == kindObject {
			a, err := d.activity(m, p)
			if err != nil {
				return nil, err
			}
			*f.dst = []Object{a}
			continue
		}
		if m.kind != kindArray {
			return nil, invalid(p.String(), "must be an Activity or an array of Activities, not %s", m.kind)
		}
		*f.dst = make([]Object, len(m.arr))
		for i, el := range m.arr {
			a, err := d.activity(el, p.elem(i))
			if err != nil {
				return nil, err
			}
			(*f.dst)[i] = a
		}
	}
	return &ca, nil
}

func (d *decoder) contextAgents(n *node, path propPath) ([]ContextAgent, error) {
	els, ok, err := d.array(n, path, "contextAgents")
	if err != nil || !ok {
		return nil, err
	}
	out := make([]ContextAgent, len(els))
	lp := path.at("contextAgents")
	for i, el := range els {
		p := lp.elem(i)
		ot, rel, err := d.contextRelevant(el, p, "contextAgent", "agent")
		if err != nil {
			return nil, err
		}
		a, err := d.agent(el.get("agent"), p.at("agent"), roleAgentOnly)
		if err != nil {
			return nil, err
		}
		out[i] = ContextAgent{ObjectType: ot, Agent: a, RelevantTypes: rel}
	}
	return out, nil
}

func (d *decoder) contextGroups(n *node, path propPath) ([]ContextGroup, error) {
	els, ok, err := d.array(n, path, "contextGroups")
	if err != nil || !ok {
		return nil, err
	}
	out := make([]ContextGroup, len(els))
	lp := path.at("contextGroups")
	for i, el := range els {
		p := lp.elem(i)
		ot, rel, err := d.contextRelevant(el, p, "contextGroup", "group")
		if err != nil {
			return nil, err
		}
		g, err := d.agent(el.get("group"), p.at("group"), roleGroupOnly)
		if err != nil {
			return nil, err
		}
		out[i] = ContextGroup{ObjectType: ot, Group: g, RelevantTypes: rel}
	}
	return out, nil
}

// contextRelevant checks the shape of a contextAgent or contextGroup:
// objectType (required, exactly want), the agent or group member and
// relevantTypes (optional; when present a non-empty array of IRIs).
func (d *decoder) contextRelevant(n *node, path propPath, want, agentKey string) (string, []string, error) {
	if err := d.object(n, path, "objectType", agentKey, "relevantTypes"); err != nil {
		return "", nil, err
	}
	if err := d.require(n, path, "objectType", agentKey); err != nil {
		return "", nil, err
	}
	ot, err := d.str(n, path, "objectType")
	if err != nil {
		return "", nil, err
	}
	if ot != want {
		return "", nil, invalid(join(path, "objectType"), "must be %s, not %s", strconv.Quote(want), strconv.Quote(ot))
	}
	rel, err := d.iris(n, path, "relevantTypes")
	if err != nil {
		return "", nil, err
	}
	if n.get("relevantTypes") != nil && len(rel) == 0 {
		return "", nil, invalid(join(path, "relevantTypes"), "must list at least one IRI")
	}
	return ot, rel, nil
}
