package lrs

import (
	"strings"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// StatementLinks is what stores index a statement by, so that the xAPI
// query parameters can be answered without reading statements' JSON.
type StatementLinks struct {
	// Activities are the ids of the activities related_activities matches:
	// the object, the context activities, and the same of a SubStatement.
	Activities []string
	// Agents are the agents and identified groups the statement mentions,
	// each once per relation.
	Agents []AgentLink
	// Ref is the lower-case id of the statement the object refers to, if
	// the object is a StatementRef.
	Ref string
}

// AgentLink is one agent a statement mentions, in one relation.
type AgentLink struct {
	IFI      string
	Relation AgentRelation
}

// AgentRelation is how a statement mentions an agent.
type AgentRelation string

// Direct agents (the actor and an agent or group object, and their
// members) match the agent parameter; the authority (and its members) and
// related agents (instructor, team, context agents and groups, a
// SubStatement's agents) match it only with related_agents.
const (
	AgentDirect    AgentRelation = "direct"
	AgentAuthority AgentRelation = "authority"
	AgentRelated   AgentRelation = "related"
)

// LinksOf returns the links of st.
func LinksOf(st *xapi.Statement) StatementLinks {
	var l StatementLinks
	acts := linkSet{}
	seen := map[AgentLink]bool{}
	addAgent := func(a *xapi.Agent, rel AgentRelation) {
		if a == nil {
			return
		}
		for _, x := range append([]xapi.Agent{*a}, a.Member...) {
			link := AgentLink{IFI: x.IFI(), Relation: rel}
			if link.IFI != "" && !seen[link] {
				seen[link] = true
				l.Agents = append(l.Agents, link)
			}
		}
	}
	addContext := func(c *xapi.Context) {
		if c == nil {
			return
		}
		addAgent(c.Instructor, AgentRelated)
		addAgent(c.Team, AgentRelated)
		for i := range c.ContextAgents {
			addAgent(&c.ContextAgents[i].Agent, AgentRelated)
		}
		for i := range c.ContextGroups {
			addAgent(&c.ContextGroups[i].Group, AgentRelated)
		}
		if ca := c.ContextActivities; ca != nil {
			for _, list := range [][]xapi.Object{ca.Parent, ca.Grouping, ca.Category, ca.Other} {
				for _, o := range list {
					acts.add(o.ID)
				}
			}
		}
	}

	addAgent(&st.Actor, AgentDirect)
	addAgent(st.Authority, AgentAuthority)
	addContext(st.Context)
	switch o := st.Object; {
	case o.IsActivity():
		acts.add(o.ID)
	case o.ObjectType == "Agent" || o.ObjectType == "Group":
		a := o.Agent()
		addAgent(&a, AgentDirect)
	case o.ObjectType == "StatementRef":
		l.Ref = strings.ToLower(o.ID)
	case o.ObjectType == "SubStatement":
		addAgent(o.Actor, AgentRelated)
		addContext(o.Context)
		if sub := o.Object; sub != nil {
			switch {
			case sub.IsActivity():
				acts.add(sub.ID)
			case sub.ObjectType == "Agent" || sub.ObjectType == "Group":
				a := sub.Agent()
				addAgent(&a, AgentRelated)
			}
		}
	}
	l.Activities = acts.ids
	return l
}

// linkSet keeps ids in the order first added, each once.
type linkSet struct {
	ids  []string
	seen map[string]bool
}

func (s *linkSet) add(id string) {
	if id == "" || s.seen[id] {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[id] = true
	s.ids = append(s.ids, id)
}
