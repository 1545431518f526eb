package xapi

// agentRole is where an Agent or Group appears: the rules differ.
type agentRole int

const (
	roleActor      agentRole = iota // Agent or Group
	roleObject                      // Agent or Group, objectType required
	roleMember                      // a Group's member: Agent only
	roleAuthority                   // Agent, or an anonymous Group of two Agents
	roleInstructor                  // Agent or Group
	roleTeam                        // Group only
	roleAgentOnly                   // contextAgent.agent, the agent parameter
	roleGroupOnly                   // contextGroup.group
)

var agentKeys = []string{"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
var groupKeys = append(append([]string{}, agentKeys...), "member")

// agent reads an Agent or Group.
func (d *decoder) agent(n *node, path propPath, role agentRole) (Agent, error) {
	if err := d.kind(n, path, kindObject); err != nil {
		return Agent{}, err
	}
	ot, hasType, err := d.optStr(n, path, "objectType")
	if err != nil {
		return Agent{}, err
	}
	if !hasType && role == roleObject {
		return Agent{}, invalid(join(path, "objectType"), `is required for an Agent or Group object`)
	}
	switch {
	case ot == "Group":
		if role == roleMember || role == roleAgentOnly {
			return Agent{}, invalid(join(path, "objectType"), "must be Agent here, not Group")
		}
	case ot == "Agent" || !hasType:
		if role == roleTeam || role == roleGroupOnly {
			return Agent{}, invalid(join(path, "objectType"), `must be "Group"`)
		}
	default:
		return Agent{}, invalid(join(path, "objectType"), `%q is not "Agent" or "Group"`, ot)
	}
	if ot == "Group" {
		return d.group(n, path, role)
	}
	if err := d.object(n, path, agentKeys...); err != nil {
		return Agent{}, err
	}
	a, ifis, err := d.identified(n, path)
	if err != nil {
		return Agent{}, err
	}
	if ifis != 1 {
		return Agent{}, invalid(path.String(), "an Agent needs exactly one of mbox, mbox_sha1sum, openid or account, found %d", ifis)
	}
	return a, nil
}

func (d *decoder) group(n *node, path propPath, role agentRole) (Agent, error) {
	if err := d.object(n, path, groupKeys...); err != nil {
		return Agent{}, err
	}
	g, ifis, err := d.identified(n, path)
	if err != nil {
		return Agent{}, err
	}
	if ifis > 1 {
		return Agent{}, invalid(path.String(), "a Group has at most one of mbox, mbox_sha1sum, openid or account, found %d", ifis)
	}
	members, ok, err := d.array(n, path, "member")
	if err != nil {
		return Agent{}, err
	}
	if ifis == 0 && (!ok || len(members) == 0) {
		return Agent{}, invalid(join(path, "member"), "an anonymous Group (no mbox, mbox_sha1sum, openid or account) must list its members")
	}
	if ok {
		g.Member = make([]Agent, len(members))
		mp := path.at("member")
		for i, m := range members {
			if g.Member[i], err = d.agent(m, mp.elem(i), roleMember); err != nil {
				return Agent{}, err
			}
		}
	}
	if role == roleAuthority && (ifis != 0 || len(g.Member) != 2) {
		return Agent{}, invalid(path.String(), "an authority Group must be an anonymous Group of exactly two Agents (OAuth consumer and user)")
	}
	return g, nil
}

// identified reads the members an Agent and a Group share and counts the
// inverse functional identifiers.
func (d *decoder) identified(n *node, path propPath) (a Agent, ifis int, err error) {
	if a.ObjectType, err = d.str(n, path, "objectType"); err != nil {
		return a, 0, err
	}
	var hasName bool
	if a.Name, hasName, err = d.optStr(n, path, "name"); err != nil {
		return a, 0, err
	}
	if hasName && a.Name == "" {
		a.keep |= keepName
	}
	if n.get("mbox") != nil {
		ifis++
		if a.Mbox, err = d.str(n, path, "mbox"); err != nil {
			return a, 0, err
		}
		if !isMailto(a.Mbox) {
			return a, 0, invalid(join(path, "mbox"), `%q is not "mailto:" followed by an email address`, a.Mbox)
		}
	}
	if n.get("mbox_sha1sum") != nil {
		ifis++
		if a.MboxSHA1Sum, err = d.str(n, path, "mbox_sha1sum"); err != nil {
			return a, 0, err
		}
		if !isSHA1Hex(a.MboxSHA1Sum) {
			return a, 0, invalid(join(path, "mbox_sha1sum"), "%q is not a hex-encoded SHA-1 sum", a.MboxSHA1Sum)
		}
	}
	if n.get("openid") != nil {
		ifis++
		if a.OpenID, err = d.iri(n, path, "openid"); err != nil {
			return a, 0, err
		}
	}
	if acc := n.get("account"); acc != nil {
		ifis++
		if a.Account, err = d.account(acc, path.at("account")); err != nil {
			return a, 0, err
		}
	}
	return a, ifis, nil
}

func (d *decoder) account(n *node, path propPath) (*Account, error) {
	if err := d.object(n, path, "homePage", "name"); err != nil {
		return nil, err
	}
	if err := d.require(n, path, "homePage", "name"); err != nil {
		return nil, err
	}
	home, err := d.iri(n, path, "homePage")
	if err != nil {
		return nil, err
	}
	name, err := d.str(n, path, "name")
	if err != nil {
		return nil, err
	}
	return &Account{HomePage: home, Name: name}, nil
}
