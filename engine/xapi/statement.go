// Package xapi holds the xAPI data model (statements, agents, activities) as
// the xAPI 1.0.3 / 2.0 JSON defines it, and the rules that make a statement
// valid. It is pure: no storage, no HTTP.
package xapi

import (
	"encoding/json"
	"time"
)

// Version is the xAPI version Lode writes on the statements it creates.
const Version = "1.0.3"

// Statement is an xAPI statement.
type Statement struct {
	ID          string          `json:"id,omitempty"`
	Actor       Agent           `json:"actor"`
	Verb        Verb            `json:"verb"`
	Object      Object          `json:"object"`
	Result      *Result         `json:"result,omitempty"`
	Context     *Context        `json:"context,omitempty"`
	Timestamp   *time.Time      `json:"timestamp,omitempty"`
	Stored      *time.Time      `json:"stored,omitempty"`
	Authority   *Agent          `json:"authority,omitempty"`
	Version     string          `json:"version,omitempty"`
	Attachments json.RawMessage `json:"attachments,omitempty"`
}

// Agent is an xAPI Agent or Group, identified by exactly one inverse
// functional identifier (mbox, mbox_sha1sum, openid or account).
type Agent struct {
	ObjectType  string   `json:"objectType,omitempty"`
	Name        string   `json:"name,omitempty"`
	Mbox        string   `json:"mbox,omitempty"`
	MboxSHA1Sum string   `json:"mbox_sha1sum,omitempty"`
	OpenID      string   `json:"openid,omitempty"`
	Account     *Account `json:"account,omitempty"`
	Member      []Agent  `json:"member,omitempty"`
}

// Account is an agent's account on a system.
type Account struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

// Verb is an xAPI verb.
type Verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display,omitempty"`
}

// Object is the object of a statement. Lode's own statements always have an
// Activity; other object types are kept as they came for the LRS.
type Object struct {
	ObjectType string              `json:"objectType,omitempty"`
	ID         string              `json:"id,omitempty"`
	Definition *ActivityDefinition `json:"definition,omitempty"`
}

// ActivityDefinition describes an activity. Interaction fields are kept as
// raw JSON: their shape depends on the interaction type.
type ActivityDefinition struct {
	Name                    map[string]string `json:"name,omitempty"`
	Description             map[string]string `json:"description,omitempty"`
	Type                    string            `json:"type,omitempty"`
	MoreInfo                string            `json:"moreInfo,omitempty"`
	InteractionType         string            `json:"interactionType,omitempty"`
	CorrectResponsesPattern []string          `json:"correctResponsesPattern,omitempty"`
	Choices                 json.RawMessage   `json:"choices,omitempty"`
	Scale                   json.RawMessage   `json:"scale,omitempty"`
	Source                  json.RawMessage   `json:"source,omitempty"`
	Target                  json.RawMessage   `json:"target,omitempty"`
	Steps                   json.RawMessage   `json:"steps,omitempty"`
	Extensions              json.RawMessage   `json:"extensions,omitempty"`
}

// Result is an xAPI result.
type Result struct {
	Score      *Score          `json:"score,omitempty"`
	Success    *bool           `json:"success,omitempty"`
	Completion *bool           `json:"completion,omitempty"`
	Response   string          `json:"response,omitempty"`
	Duration   string          `json:"duration,omitempty"`
	Extensions json.RawMessage `json:"extensions,omitempty"`
}

// Score is an xAPI score.
type Score struct {
	Scaled *float64 `json:"scaled,omitempty"`
	Raw    *float64 `json:"raw,omitempty"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
}

// Context is an xAPI context.
type Context struct {
	Registration      string             `json:"registration,omitempty"`
	ContextActivities *ContextActivities `json:"contextActivities,omitempty"`
	Platform          string             `json:"platform,omitempty"`
	Language          string             `json:"language,omitempty"`
	Extensions        json.RawMessage    `json:"extensions,omitempty"`
}

// ContextActivities relate a statement to other activities.
type ContextActivities struct {
	Parent   []Object `json:"parent,omitempty"`
	Grouping []Object `json:"grouping,omitempty"`
	Category []Object `json:"category,omitempty"`
	Other    []Object `json:"other,omitempty"`
}

// IFI returns the agent's inverse functional identifier as one string, the
// key under which statements are indexed by agent, e.g.
// "account::https://lode.example/|42" or "mbox::mailto:a@b.org".
func (a Agent) IFI() string {
	switch {
	case a.Mbox != "":
		return "mbox::" + a.Mbox
	case a.MboxSHA1Sum != "":
		return "mbox_sha1sum::" + a.MboxSHA1Sum
	case a.OpenID != "":
		return "openid::" + a.OpenID
	case a.Account != nil:
		return "account::" + a.Account.HomePage + "|" + a.Account.Name
	}
	return ""
}
