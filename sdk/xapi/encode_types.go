package xapi

import (
	"encoding/json"
	"strconv"
)

// The methods below follow the types' fields in the order and with the
// omitempty and omitzero options of their json tags (statement.go).

func (e *encoder) statement(s *Statement) {
	o := e.open()
	o.str("id", s.ID)
	o.key("actor").agent(&s.Actor)
	o.key("verb").verb(&s.Verb)
	o.key("object").object(&s.Object)
	if s.Result != nil {
		o.key("result").result(s.Result)
	}
	if s.Context != nil {
		o.key("context").context(s.Context)
	}
	if s.Timestamp != nil {
		o.key("timestamp").time(s.Timestamp)
	}
	if s.Stored != nil {
		o.key("stored").time(s.Stored)
	}
	if s.Authority != nil {
		o.key("authority").agent(s.Authority)
	}
	o.str("version", s.Version)
	if s.Attachments != nil {
		o.key("attachments").attachments(s.Attachments)
	}
	o.close()
}

func (e *encoder) agent(a *Agent) {
	o := e.open()
	o.str("objectType", a.ObjectType)
	o.identity(a.Name, a.Mbox, a.MboxSHA1Sum, a.OpenID, a.Account, a.Member)
	o.keepEmpty("name", a.keep&keepName != 0 && a.Name == "")
	o.close()
}

// identity writes what an Agent and an Object that is one share.
func (o *obj) identity(name, mbox, sha1, openID string, acc *Account, member []Agent) {
	o.str("name", name)
	o.str("mbox", mbox)
	o.str("mbox_sha1sum", sha1)
	o.str("openid", openID)
	if acc != nil {
		a := o.key("account").open()
		a.key("homePage").string(acc.HomePage)
		a.key("name").string(acc.Name)
		a.close()
	}
	if member != nil {
		e := o.key("member")
		e.b = append(e.b, '[')
		for i := range member {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.agent(&member[i])
		}
		e.b = append(e.b, ']')
	}
}

func (e *encoder) verb(v *Verb) {
	o := e.open()
	o.key("id").string(v.ID)
	if v.Display != nil {
		o.key("display").langMap(v.Display)
	}
	o.close()
}

func (e *encoder) object(ob *Object) {
	o := e.open()
	o.str("objectType", ob.ObjectType)
	o.str("id", ob.ID)
	if ob.Definition != nil {
		o.key("definition").definition(ob.Definition)
	}
	o.identity(ob.Name, ob.Mbox, ob.MboxSHA1Sum, ob.OpenID, ob.Account, ob.Member)
	if ob.Actor != nil {
		o.key("actor").agent(ob.Actor)
	}
	if ob.Verb != nil {
		o.key("verb").verb(ob.Verb)
	}
	if ob.Object != nil {
		o.key("object").object(ob.Object)
	}
	if ob.Result != nil {
		o.key("result").result(ob.Result)
	}
	if ob.Context != nil {
		o.key("context").context(ob.Context)
	}
	if ob.Timestamp != nil {
		o.key("timestamp").time(ob.Timestamp)
	}
	if ob.Attachments != nil {
		o.key("attachments").attachments(ob.Attachments)
	}
	o.keepEmpty("name", ob.keep&keepName != 0 && ob.Name == "")
	o.close()
}

func (e *encoder) definition(d *ActivityDefinition) {
	o := e.open()
	if d.Name != nil {
		o.key("name").langMap(d.Name)
	}
	if d.Description != nil {
		o.key("description").langMap(d.Description)
	}
	o.str("type", d.Type)
	o.str("moreInfo", d.MoreInfo)
	o.str("interactionType", d.InteractionType)
	if d.CorrectResponsesPattern != nil {
		o.key("correctResponsesPattern").strings(d.CorrectResponsesPattern)
	}
	o.raw("choices", d.Choices)
	o.raw("scale", d.Scale)
	o.raw("source", d.Source)
	o.raw("target", d.Target)
	o.raw("steps", d.Steps)
	o.raw("extensions", d.Extensions)
	o.close()
}

// componentsJSON writes the interaction component list n, checked by the
// decoder's components, as json.Marshal writes it as
// []InteractionComponent; descs are the elements' descriptions (nil where
// absent), whose tags are written sorted, as a Go map's keys are.
func componentsJSON(n *node, descs []*node) json.RawMessage {
	e := encoder{b: make([]byte, 0, componentsSize(n, descs))}
	e.b = append(e.b, '[')
	for i, el := range n.arr {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		o := e.open()
		o.key("id").string(el.get("id").s)
		if descs[i] != nil {
			o.key("description").langMapNode(descs[i])
		}
		o.close()
	}
	e.b = append(e.b, ']')
	return e.b
}

// componentsSize is about the length of componentsJSON's result, so that
// its buffer is made once: the strings plus the JSON around them.
func componentsSize(n *node, descs []*node) int {
	size := 2
	for i, el := range n.arr {
		size += len(el.get("id").s) + 30 // {"id":"","description":{}},
		if d := descs[i]; d != nil {
			for j, k := range d.keys {
				size += len(k) + len(d.arr[j].s) + 6 // "":"",
			}
		}
	}
	return size
}

// raw writes an omitempty RawMessage member.
func (o *obj) raw(k string, r json.RawMessage) {
	if len(r) > 0 {
		o.key(k).raw(r)
	}
}

func (e *encoder) result(r *Result) {
	o := e.open()
	if s := r.Score; s != nil {
		so := o.key("score").open()
		for _, f := range []struct {
			k string
			v *float64
		}{{"scaled", s.Scaled}, {"raw", s.Raw}, {"min", s.Min}, {"max", s.Max}} {
			if f.v != nil {
				so.key(f.k).number(*f.v)
			}
		}
		so.close()
	}
	if r.Success != nil {
		o.key("success").boolean(*r.Success)
	}
	if r.Completion != nil {
		o.key("completion").boolean(*r.Completion)
	}
	o.str("response", r.Response)
	o.str("duration", r.Duration)
	o.raw("extensions", r.Extensions)
	o.keepEmpty("response", r.keep&keepResponse != 0 && r.Response == "")
	o.close()
}

func (e *encoder) context(c *Context) {
	o := e.open()
	o.str("registration", c.Registration)
	if c.Instructor != nil {
		o.key("instructor").agent(c.Instructor)
	}
	if c.Team != nil {
		o.key("team").agent(c.Team)
	}
	if ca := c.ContextActivities; ca != nil {
		co := o.key("contextActivities").open()
		co.objects("parent", ca.Parent)
		co.objects("grouping", ca.Grouping)
		co.objects("category", ca.Category)
		co.objects("other", ca.Other)
		co.close()
	}
	if c.ContextAgents != nil {
		o.key("contextAgents")
		e.b = append(e.b, '[')
		for i := range c.ContextAgents {
			ca := &c.ContextAgents[i]
			e.contextAgent(i, ca.ObjectType, "agent", &ca.Agent, ca.RelevantTypes)
		}
		e.b = append(e.b, ']')
	}
	if c.ContextGroups != nil {
		o.key("contextGroups")
		e.b = append(e.b, '[')
		for i := range c.ContextGroups {
			cg := &c.ContextGroups[i]
			e.contextAgent(i, cg.ObjectType, "group", &cg.Group, cg.RelevantTypes)
		}
		e.b = append(e.b, ']')
	}
	o.str("revision", c.Revision)
	o.str("platform", c.Platform)
	o.str("language", c.Language)
	if c.Statement != nil {
		so := o.key("statement").open()
		so.key("objectType").string(c.Statement.ObjectType)
		so.key("id").string(c.Statement.ID)
		so.close()
	}
	o.raw("extensions", c.Extensions)
	o.keepEmpty("revision", c.keep&keepRevision != 0 && c.Revision == "")
	o.keepEmpty("platform", c.keep&keepPlatform != 0 && c.Platform == "")
	o.close()
}

// contextAgent writes the i-th element of contextAgents (key "agent") or
// contextGroups (key "group"), which have the same shape.
func (e *encoder) contextAgent(i int, objectType, key string, a *Agent, relevant []string) {
	if i > 0 {
		e.b = append(e.b, ',')
	}
	o := e.open()
	o.key("objectType").string(objectType)
	o.key(key).agent(a)
	if relevant != nil {
		o.key("relevantTypes").strings(relevant)
	}
	o.close()
}

// objects writes an omitzero list of context activities.
func (o *obj) objects(k string, list []Object) {
	if list == nil {
		return
	}
	e := o.key(k)
	e.b = append(e.b, '[')
	for i := range list {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.object(&list[i])
	}
	e.b = append(e.b, ']')
}

func (e *encoder) attachments(atts []Attachment) {
	e.b = append(e.b, '[')
	for i := range atts {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		a := &atts[i]
		o := e.open()
		o.key("usageType").string(a.UsageType)
		o.key("display").langMap(a.Display)
		if a.Description != nil {
			o.key("description").langMap(a.Description)
		}
		o.key("contentType").string(a.ContentType)
		o.key("length")
		e.b = strconv.AppendInt(e.b, a.Length, 10)
		o.key("sha2").string(a.SHA2)
		o.str("fileUrl", a.FileURL)
		o.close()
	}
	e.b = append(e.b, ']')
}
