package xapi

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"time"
)

// Equivalent reports whether a and b are the same statement as the xAPI
// statement comparison requirements (xAPI-Data 2.3.1) have an LRS compare
// them, for instance when a statement id is sent a second time or a signed
// statement is checked against its signature. It ignores what the LRS may
// set or change: stored, authority and version, the case of the id, the
// time zone of timestamps and their precision beyond the millisecond, the
// order of a Group's members, the case of an email address's domain, the
// precision of a duration beyond 0.01 second (2.0), the order of JSON keys
// in extensions. A statement that cannot be encoded as JSON is equivalent
// to none. a and b are left alone.
func Equivalent(a, b *Statement) bool {
	va, okA := comparisonValue(a)
	vb, okB := comparisonValue(b)
	return okA && okB && reflect.DeepEqual(va, vb)
}

// comparisonValue returns st without what Equivalent ignores, as generic
// JSON so that raw members such as extensions compare by content, not bytes.
func comparisonValue(s *Statement) (any, bool) {
	st, ok := s.deepCopy()
	if !ok {
		return nil, false
	}
	st.ID = strings.ToLower(st.ID)
	st.Stored, st.Authority, st.Version = nil, nil, ""
	st.Timestamp = comparableTime(st.Timestamp)
	normalizeAgent(&st.Actor)
	normalizeObject(&st.Object)
	normalizeResult(st.Result)
	normalizeContext(st.Context)
	b, err := json.Marshal(st)
	if err != nil {
		return nil, false
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, false
	}
	return v, true
}

func comparableTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Millisecond)
	return &u
}

func normalizeAgent(a *Agent) {
	if a == nil {
		return
	}
	if local, domain, ok := strings.Cut(a.Mbox, "@"); ok {
		a.Mbox = local + "@" + strings.ToLower(domain)
	}
	for i := range a.Member {
		normalizeAgent(&a.Member[i])
	}
	if len(a.Member) < 2 {
		return
	}
	keyed := make([]struct {
		key   string
		agent Agent
	}, len(a.Member))
	for i, m := range a.Member {
		b, _ := json.Marshal(m)
		keyed[i].key, keyed[i].agent = string(b), m
	}
	sort.SliceStable(keyed, func(i, j int) bool { return keyed[i].key < keyed[j].key })
	for i := range keyed {
		a.Member[i] = keyed[i].agent
	}
}

func normalizeObject(o *Object) {
	switch o.ObjectType {
	case "Agent", "Group":
		a := o.Agent()
		normalizeAgent(&a)
		*o = ObjectOf(a)
	case "StatementRef":
		o.ID = strings.ToLower(o.ID)
	case "SubStatement":
		normalizeAgent(o.Actor)
		if o.Object != nil {
			normalizeObject(o.Object)
		}
		normalizeResult(o.Result)
		normalizeContext(o.Context)
		o.Timestamp = comparableTime(o.Timestamp)
	}
}

func normalizeResult(r *Result) {
	if r != nil {
		r.Duration = comparableDuration(r.Duration)
	}
}

// comparableDuration cuts the seconds of a duration to hundredths: "beyond
// 0.01 second precision SHOULD* NOT be included in the comparison".
func comparableDuration(d string) string {
	whole, ok := strings.CutSuffix(d, "S")
	if !ok {
		return d
	}
	i := strings.LastIndexAny(whole, ".,")
	if i < 0 {
		return d
	}
	frac := whole[i+1:]
	if len(frac) > 2 {
		frac = frac[:2]
	}
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return whole[:i] + "S"
	}
	return whole[:i] + "." + frac + "S"
}

func normalizeContext(c *Context) {
	if c == nil {
		return
	}
	c.Registration = strings.ToLower(c.Registration)
	normalizeAgent(c.Instructor)
	normalizeAgent(c.Team)
	if c.Statement != nil {
		c.Statement.ID = strings.ToLower(c.Statement.ID)
	}
	for i := range c.ContextAgents {
		normalizeAgent(&c.ContextAgents[i].Agent)
	}
	for i := range c.ContextGroups {
		normalizeAgent(&c.ContextGroups[i].Group)
	}
}
