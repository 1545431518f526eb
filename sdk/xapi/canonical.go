package xapi

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Canonical returns a copy of s for format=canonical: every language map
// (verb display, activity name and description, interaction component
// descriptions, attachment display and description, in the statement, its
// SubStatement and its context activities) reduced to the one entry that
// best matches langs, the language ranges of Accept-Language from most to
// least preferred (see ParseAcceptLanguage). s is left alone.
func (s *Statement) Canonical(langs []string) *Statement {
	c := s.clone()
	pick := func(m map[string]string) map[string]string { return bestLanguage(m, langs) }
	c.Verb.Display = pick(c.Verb.Display)
	canonicalObject(&c.Object, pick)
	canonicalContext(c.Context, pick)
	canonicalAttachments(c.Attachments, pick)
	return c
}

func canonicalObject(o *Object, pick func(map[string]string) map[string]string) {
	if o.Definition != nil {
		d := o.Definition
		d.Name, d.Description = pick(d.Name), pick(d.Description)
		for _, list := range []*json.RawMessage{&d.Choices, &d.Scale, &d.Source, &d.Target, &d.Steps} {
			var comps []InteractionComponent
			if len(*list) == 0 || json.Unmarshal(*list, &comps) != nil {
				continue
			}
			for i := range comps {
				comps[i].Description = pick(comps[i].Description)
			}
			if b, err := json.Marshal(comps); err == nil {
				*list = b
			}
		}
	}
	if o.ObjectType == "SubStatement" {
		if o.Verb != nil {
			o.Verb.Display = pick(o.Verb.Display)
		}
		if o.Object != nil {
			canonicalObject(o.Object, pick)
		}
		canonicalContext(o.Context, pick)
		canonicalAttachments(o.Attachments, pick)
	}
}

func canonicalContext(c *Context, pick func(map[string]string) map[string]string) {
	if c == nil || c.ContextActivities == nil {
		return
	}
	ca := c.ContextActivities
	for _, list := range [][]Object{ca.Parent, ca.Grouping, ca.Category, ca.Other} {
		for i := range list {
			canonicalObject(&list[i], pick)
		}
	}
}

func canonicalAttachments(atts []Attachment, pick func(map[string]string) map[string]string) {
	for i := range atts {
		atts[i].Display, atts[i].Description = pick(atts[i].Display), pick(atts[i].Description)
	}
}

// bestLanguage returns the entry of m that best matches langs (RFC 4647
// lookup: each range in turn, then shorter prefixes of it, "*" matching
// anything), or, when none does, the entry for en-US, en, or the first tag
// in sorted order. Tags compare case-insensitively. A map of zero or one
// entries is returned as it is.
func bestLanguage(m map[string]string, langs []string) map[string]string {
	if len(m) <= 1 {
		return m
	}
	if tag, ok := lookupLanguage(m, langs); ok {
		return map[string]string{tag: m[tag]}
	}
	if tag, ok := lookupLanguage(m, []string{"en-US", "en"}); ok {
		return map[string]string{tag: m[tag]}
	}
	tags := make([]string, 0, len(m))
	for t := range m {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	return map[string]string{tags[0]: m[tags[0]]}
}

func lookupLanguage(m map[string]string, langs []string) (string, bool) {
	byLower := make(map[string]string, len(m))
	tags := make([]string, 0, len(m))
	for t := range m {
		byLower[strings.ToLower(t)] = t
		tags = append(tags, t)
	}
	sort.Strings(tags)
	for _, r := range langs {
		r = strings.ToLower(strings.TrimSpace(r))
		if r == "*" {
			return tags[0], true
		}
		for r != "" {
			if t, ok := byLower[r]; ok {
				return t, true
			}
			// a tag the range is a prefix of ("en" matches "en-GB")
			for _, t := range tags {
				if strings.HasPrefix(strings.ToLower(t), r+"-") {
					return t, true
				}
			}
			i := strings.LastIndexByte(r, '-')
			if i < 0 {
				break
			}
			r = strings.TrimSuffix(r[:i], "-x")
		}
	}
	return "", false
}

// ParseAcceptLanguage returns the language ranges of an Accept-Language
// header, most preferred first (by q value, then order); ranges with q=0
// are dropped.
func ParseAcceptLanguage(h string) []string {
	type rng struct {
		tag string
		q   float64
		i   int
	}
	var rs []rng
	for i, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.TrimSpace(tag)
		if tag == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.TrimSpace(k) == "q" {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if q > 0 {
			rs = append(rs, rng{tag, q, i})
		}
	}
	sort.SliceStable(rs, func(a, b int) bool { return rs[a].q > rs[b].q })
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.tag
	}
	return out
}

// IDsOnly returns a copy of s for format=ids: Agents and Groups reduced to
// objectType (when present) and their identifier (an anonymous Group to
// its members, each reduced), Activities to their id alone, the verb to
// its id; the same inside a SubStatement and the context (instructor,
// team, context activities, context agents and groups) and for the
// authority. s is left alone.
func (s *Statement) IDsOnly() *Statement {
	c := s.clone()
	c.Actor = idsAgent(c.Actor)
	c.Verb = Verb{ID: c.Verb.ID}
	c.Object = idsObject(c.Object)
	c.Context = idsContext(c.Context)
	if c.Authority != nil {
		a := idsAgent(*c.Authority)
		c.Authority = &a
	}
	return c
}

func idsAgent(a Agent) Agent {
	out := Agent{ObjectType: a.ObjectType, Mbox: a.Mbox, MboxSHA1Sum: a.MboxSHA1Sum, OpenID: a.OpenID, Account: a.Account}
	if a.IFI() == "" && a.Member != nil {
		out.Member = make([]Agent, len(a.Member))
		for i, m := range a.Member {
			out.Member[i] = idsAgent(m)
		}
	}
	return out
}

func idsObject(o Object) Object {
	switch o.ObjectType {
	case "", "Activity":
		return Object{ID: o.ID}
	case "Agent", "Group":
		return ObjectOf(idsAgent(o.Agent()))
	case "SubStatement":
		out := o
		if o.Actor != nil {
			a := idsAgent(*o.Actor)
			out.Actor = &a
		}
		if o.Verb != nil {
			out.Verb = &Verb{ID: o.Verb.ID}
		}
		if o.Object != nil {
			obj := idsObject(*o.Object)
			out.Object = &obj
		}
		out.Context = idsContext(o.Context)
		return out
	}
	return o
}

func idsContext(c *Context) *Context {
	if c == nil {
		return nil
	}
	if c.Instructor != nil {
		a := idsAgent(*c.Instructor)
		c.Instructor = &a
	}
	if c.Team != nil {
		a := idsAgent(*c.Team)
		c.Team = &a
	}
	if ca := c.ContextActivities; ca != nil {
		for _, list := range [][]Object{ca.Parent, ca.Grouping, ca.Category, ca.Other} {
			for i := range list {
				list[i] = idsObject(list[i])
			}
		}
	}
	for i := range c.ContextAgents {
		c.ContextAgents[i].Agent = idsAgent(c.ContextAgents[i].Agent)
	}
	for i := range c.ContextGroups {
		c.ContextGroups[i].Group = idsAgent(c.ContextGroups[i].Group)
	}
	return c
}

// clone returns a deep copy of s; a statement that does not encode is
// copied shallowly.
func (s *Statement) clone() *Statement {
	if c, ok := s.deepCopy(); ok {
		return c
	}
	c := *s
	return &c
}

// deepCopy copies s through JSON, so that no slice, map or pointer is
// shared. It fails when s does not encode.
func (s *Statement) deepCopy() (*Statement, bool) {
	var c Statement
	b, err := json.Marshal(s)
	if err != nil || json.Unmarshal(b, &c) != nil {
		return nil, false
	}
	return &c, true
}
