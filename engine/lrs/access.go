package lrs

import (
	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Caller is who asks the LRS, as authentication found out. Every read and
// write of statements takes one, and the rules of who may read what are
// applied here, where statements are read, so that no handler can forget
// them. The zero Caller may read and write nothing.
type Caller struct {
	// Client is the LRS client; nil for a learner's own session and for
	// Lode itself.
	Client *Client
	// Authority is the agent set as the authority of the statements this
	// caller stores; nil for a learner's session, which cannot write.
	Authority *xapi.Agent
	// onlyAuthority, when not "", is the IFI of Authority: the caller holds
	// statements/read/mine and may read only the statements it stored.
	onlyAuthority string
	// onlyAgent, when not "", is the IFI of a learner reading through
	// their own session: they may read only statements about themselves.
	onlyAgent string
	// readAll: the caller may read every statement.
	readAll bool
}

// ClientCaller is an LRS client with its credentials' authority; mine is
// Client.Allows's answer for the route: the client may read only the
// statements it stored.
func ClientCaller(cl *Client, authority xapi.Agent, mine bool) Caller {
	c := Caller{Client: cl, Authority: &authority, readAll: !mine}
	if mine {
		c.onlyAuthority = authority.IFI()
	}
	return c
}

// LearnerCaller is a learner reading their own statements through their
// session: they may read statements about themselves and write none.
func LearnerCaller(me xapi.Agent) Caller {
	return Caller{onlyAgent: me.IFI()}
}

// OnlyAuthority is the IFI of the authority whose statements alone the
// caller may read, "" when it is not restricted so.
func (c Caller) OnlyAuthority() string { return c.onlyAuthority }

// OnlyAgent is the IFI of the learner whose statements alone the caller
// may read, "" when it is not restricted so.
func (c Caller) OnlyAgent() string { return c.onlyAgent }

// Trusted is Lode itself reading, e.g. for a report: it may read every
// statement and write none.
func Trusted() Caller { return Caller{readAll: true} }

// MayWrite reports whether the caller may store statements.
func (c Caller) MayWrite() bool { return c.Authority != nil }

// mayRead reports whether the caller may see st: always, unless it is
// restricted to its own statements or to a learner's.
func (c Caller) mayRead(st *xapi.Statement) bool {
	switch {
	case c.onlyAuthority != "":
		return st.Authority != nil && st.Authority.IFI() == c.onlyAuthority
	case c.onlyAgent != "":
		return isOrHas(st.Actor, c.onlyAgent) || (!st.Object.IsActivity() && isOrHas(st.Object.Agent(), c.onlyAgent))
	}
	return c.readAll
}

// restrict narrows a query to what the caller may read: its own statements
// under statements/read/mine, a learner's own through their session.
// EFORBIDDEN for a learner asking about another agent.
func (c Caller) restrict(f *StatementFilter) error {
	if !c.readAll && c.onlyAuthority == "" && c.onlyAgent == "" {
		return engine.Errorf(engine.EFORBIDDEN, "these credentials may not read statements")
	}
	if c.onlyAuthority != "" {
		f.Authority = c.onlyAuthority
	}
	if c.onlyAgent != "" {
		if f.Agent != "" && f.Agent != c.onlyAgent {
			return engine.Errorf(engine.EFORBIDDEN, "you may read only your own statements")
		}
		f.Agent, f.RelatedAgents = c.onlyAgent, false
	}
	return nil
}

// isOrHas reports whether ag is the agent ifi names or a group with it as
// a member: what the agent parameter of a statement query matches.
func isOrHas(ag xapi.Agent, ifi string) bool {
	if ag.IFI() == ifi {
		return true
	}
	for _, m := range ag.Member {
		if m.IFI() == ifi {
			return true
		}
	}
	return false
}

// mayReadMerged checks a read of a resource built from every client's
// statements (the Agents and Activities resources merge what all
// statements say), which would show a restricted caller more than its
// own: refused to a statements/read/mine client, and to a learner's
// session except for the Agents resource about themselves (about, the
// agent's IFI; "" for activities).
func (c Caller) mayReadMerged(resource, about string) error {
	switch {
	case c.onlyAuthority != "":
		return engine.Errorf(engine.EFORBIDDEN, "the %s resource merges every client's statements; the scope %s allows only the statements this client stored (ask for %s)",
			resource, ScopeStatementsReadMine, ScopeStatementsRead)
	case c.onlyAgent != "" && about != c.onlyAgent:
		return engine.Errorf(engine.EFORBIDDEN, "a learner's session may read only statements about that learner; the %s resource needs LRS credentials with the scope %s",
			resource, ScopeStatementsRead)
	case !c.readAll && c.onlyAgent == "":
		return engine.Errorf(engine.EFORBIDDEN, "these credentials may not read the %s resource", resource)
	}
	return nil
}
