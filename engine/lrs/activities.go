package lrs

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// DefinitionStore reads what stored statements say about activities and
// agents, for the Activities and Agents resources.
type DefinitionStore interface {
	// ActivityDefinitions returns the definitions that stored statements
	// give the activity (as their object or a context activity), oldest
	// first; the most recent ones only if there are very many. None for an
	// activity no statement defines.
	ActivityDefinitions(ctx context.Context, activityID string) ([]json.RawMessage, error)
	// AgentNames returns the names stored statements give the actor with
	// this IFI (xapi.Agent.IFI), most recently used first, each once.
	AgentNames(ctx context.Context, ifi string) ([]string, error)
}

// Activity is the Activity object the Activities resource returns.
// Definition is raw JSON so that properties come back as they were sent.
type Activity struct {
	ObjectType string                     `json:"objectType"`
	ID         string                     `json:"id"`
	Definition map[string]json.RawMessage `json:"definition,omitempty"`
}

// Person is what the LRS knows about an agent, as the Agents resource
// returns it: every name and identifier, each in a list.
type Person struct {
	ObjectType  string         `json:"objectType"`
	Name        []string       `json:"name,omitempty"`
	Mbox        []string       `json:"mbox,omitempty"`
	MboxSHA1Sum []string       `json:"mbox_sha1sum,omitempty"`
	OpenID      []string       `json:"openid,omitempty"`
	Account     []xapi.Account `json:"account,omitempty"`
}

// About is the body of the About resource.
type About struct {
	Version    []string                   `json:"version"`
	Extensions map[string]json.RawMessage `json:"extensions,omitempty"`
}

// Activity returns the activity with the definition merged from every
// stored statement that defines it: language maps and extensions merged
// key by key, other properties as the latest statement gives them. An
// activity no statement defines is just its id. engine.EINVALID if id is not an
// IRI.
func (d *Documents) Activity(ctx context.Context, caller Caller, id string) (*Activity, error) {
	if err := caller.mayReadMerged("activities", ""); err != nil {
		return nil, err
	}
	if !xapi.IsIRI(id) {
		return nil, engine.FieldError("activityId", "%q is not an IRI", id)
	}
	defs, err := d.Definitions.ActivityDefinitions(ctx, id)
	if err != nil {
		return nil, err
	}
	return &Activity{ObjectType: "Activity", ID: id, Definition: mergeDefinitions(defs)}, nil
}

// mergeable are the definition properties whose JSON objects are merged
// key by key rather than replaced.
var mergeable = []string{"name", "description", "extensions"}

func mergeDefinitions(defs []json.RawMessage) map[string]json.RawMessage {
	var out map[string]json.RawMessage
	for _, raw := range defs {
		var def map[string]json.RawMessage
		if err := json.Unmarshal(raw, &def); err != nil {
			continue // not an object: nothing to learn from it
		}
		if out == nil {
			out = make(map[string]json.RawMessage, len(def))
		}
		for k, v := range def {
			if slices.Contains(mergeable, k) {
				v = mergeObjects(out[k], v)
			}
			out[k] = v
		}
	}
	return out
}

// mergeObjects returns the JSON object a with b's properties set on it, or
// b if either is not an object.
func mergeObjects(a, b json.RawMessage) json.RawMessage {
	var into, from map[string]json.RawMessage
	if json.Unmarshal(a, &into) != nil || into == nil || json.Unmarshal(b, &from) != nil || from == nil {
		return b
	}
	for k, v := range from {
		into[k] = v
	}
	out, err := marshalJSON(into)
	if err != nil {
		return b
	}
	return out
}

// Person returns what the LRS knows about agent a: its identifier and the
// names statements have given it (a's own name too). engine.EINVALID if a has no
// identifier.
func (d *Documents) Person(ctx context.Context, caller Caller, a xapi.Agent) (*Person, error) {
	ifi := a.IFI()
	if ifi == "" {
		return nil, engine.FieldError("agent", "has no identifier (mbox, mbox_sha1sum, openid or account)")
	}
	if err := caller.mayReadMerged("agents", ifi); err != nil {
		return nil, err
	}
	names, err := d.Definitions.AgentNames(ctx, ifi)
	if err != nil {
		return nil, err
	}
	p := &Person{ObjectType: "Person", Name: names}
	if a.Name != "" && !slices.Contains(names, a.Name) {
		p.Name = append(p.Name, a.Name)
	}
	switch {
	case a.Mbox != "":
		p.Mbox = []string{a.Mbox}
	case a.MboxSHA1Sum != "":
		p.MboxSHA1Sum = []string{a.MboxSHA1Sum}
	case a.OpenID != "":
		p.OpenID = []string{a.OpenID}
	case a.Account != nil:
		p.Account = []xapi.Account{*a.Account}
	}
	return p, nil
}

// DefaultAbout returns what the About resource says: the xAPI versions the LRS
// speaks.
func DefaultAbout() About {
	return About{Version: []string{"1.0.0", "1.0.1", "1.0.2", "1.0.3", string(xapi.V200)}}
}
