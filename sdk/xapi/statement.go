// Package xapi holds the xAPI data model (statements, agents, activities) as
// the xAPI 1.0.3 / 2.0 JSON defines it, and the rules that make a statement
// valid. It is pure: no storage, no HTTP.
package xapi

import (
	"encoding/json"
	"time"
)

// Statement is an xAPI statement. json.Marshal of a statement returned by
// ParseStatement gives back the statement as it was sent (the same JSON
// value; timestamps the same instant, in UTC for 2.0).
type Statement struct {
	ID          string       `json:"id,omitempty"`
	Actor       Agent        `json:"actor"`
	Verb        Verb         `json:"verb"`
	Object      Object       `json:"object"`
	Result      *Result      `json:"result,omitempty"`
	Context     *Context     `json:"context,omitempty"`
	Timestamp   *time.Time   `json:"timestamp,omitempty"`
	Stored      *time.Time   `json:"stored,omitempty"`
	Authority   *Agent       `json:"authority,omitempty"`
	Version     string       `json:"version,omitempty"`
	Attachments []Attachment `json:"attachments,omitzero"`

	// parsed are the RawMessages (extensions, interaction component
	// lists) that ParseStatement wrote: compact, escaped and valid as
	// json.Marshal would write them, so AppendJSON copies them instead of
	// compacting them again. One that is replaced is no longer among
	// them; see encoder.raw.
	parsed []json.RawMessage
}

// Agent is an xAPI Agent or Group, identified by exactly one inverse
// functional identifier (mbox, mbox_sha1sum, openid or account); an
// anonymous Group has none and lists its members.
type Agent struct {
	ObjectType  string   `json:"objectType,omitempty"`
	Name        string   `json:"name,omitempty"`
	Mbox        string   `json:"mbox,omitempty"`
	MboxSHA1Sum string   `json:"mbox_sha1sum,omitempty"`
	OpenID      string   `json:"openid,omitempty"`
	Account     *Account `json:"account,omitempty"`
	Member      []Agent  `json:"member,omitzero"`

	keep keep // see lossless.go
}

// Account is an agent's account on a system.
type Account struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

// Verb is an xAPI verb.
type Verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display,omitzero"`
}

// Object is the object of a statement: the union of Activity, Agent, Group,
// StatementRef and SubStatement, told apart by ObjectType ("" means
// Activity). Activity uses ID and Definition; Agent and Group the Agent
// fields (Name ... Member); StatementRef uses ID; SubStatement Actor, Verb,
// Object, Result, Context, Timestamp and Attachments.
type Object struct {
	ObjectType string              `json:"objectType,omitempty"`
	ID         string              `json:"id,omitempty"`
	Definition *ActivityDefinition `json:"definition,omitempty"`

	Name        string   `json:"name,omitempty"`
	Mbox        string   `json:"mbox,omitempty"`
	MboxSHA1Sum string   `json:"mbox_sha1sum,omitempty"`
	OpenID      string   `json:"openid,omitempty"`
	Account     *Account `json:"account,omitempty"`
	Member      []Agent  `json:"member,omitzero"`

	Actor       *Agent       `json:"actor,omitempty"`
	Verb        *Verb        `json:"verb,omitempty"`
	Object      *Object      `json:"object,omitempty"`
	Result      *Result      `json:"result,omitempty"`
	Context     *Context     `json:"context,omitempty"`
	Timestamp   *time.Time   `json:"timestamp,omitempty"`
	Attachments []Attachment `json:"attachments,omitzero"`

	keep keep // see lossless.go
}

// ActivityDefinition describes an activity. The interaction components
// (choices, scale, source, target, steps) are kept as raw JSON arrays of
// InteractionComponent, as they came.
type ActivityDefinition struct {
	Name                    map[string]string `json:"name,omitzero"`
	Description             map[string]string `json:"description,omitzero"`
	Type                    string            `json:"type,omitempty"`
	MoreInfo                string            `json:"moreInfo,omitempty"`
	InteractionType         string            `json:"interactionType,omitempty"`
	CorrectResponsesPattern []string          `json:"correctResponsesPattern,omitzero"`
	Choices                 json.RawMessage   `json:"choices,omitempty"`
	Scale                   json.RawMessage   `json:"scale,omitempty"`
	Source                  json.RawMessage   `json:"source,omitempty"`
	Target                  json.RawMessage   `json:"target,omitempty"`
	Steps                   json.RawMessage   `json:"steps,omitempty"`
	Extensions              json.RawMessage   `json:"extensions,omitempty"`
}

// InteractionComponent is one element of an interaction's choices, scale,
// source, target or steps.
type InteractionComponent struct {
	ID          string            `json:"id"`
	Description map[string]string `json:"description,omitzero"`
}

// Result is an xAPI result.
type Result struct {
	Score      *Score          `json:"score,omitempty"`
	Success    *bool           `json:"success,omitempty"`
	Completion *bool           `json:"completion,omitempty"`
	Response   string          `json:"response,omitempty"`
	Duration   string          `json:"duration,omitempty"`
	Extensions json.RawMessage `json:"extensions,omitempty"`

	keep keep // see lossless.go
}

// Score is an xAPI score.
type Score struct {
	Scaled *float64 `json:"scaled,omitempty"`
	Raw    *float64 `json:"raw,omitempty"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
}

// Context is an xAPI context. ContextAgents and ContextGroups exist in 2.0
// only.
type Context struct {
	Registration      string             `json:"registration,omitempty"`
	Instructor        *Agent             `json:"instructor,omitempty"`
	Team              *Agent             `json:"team,omitempty"`
	ContextActivities *ContextActivities `json:"contextActivities,omitempty"`
	ContextAgents     []ContextAgent     `json:"contextAgents,omitzero"`
	ContextGroups     []ContextGroup     `json:"contextGroups,omitzero"`
	Revision          string             `json:"revision,omitempty"`
	Platform          string             `json:"platform,omitempty"`
	Language          string             `json:"language,omitempty"`
	Statement         *StatementRef      `json:"statement,omitempty"`
	Extensions        json.RawMessage    `json:"extensions,omitempty"`

	keep keep // see lossless.go
}

// ContextActivities relate a statement to other activities.
type ContextActivities struct {
	Parent   []Object `json:"parent,omitzero"`
	Grouping []Object `json:"grouping,omitzero"`
	Category []Object `json:"category,omitzero"`
	Other    []Object `json:"other,omitzero"`
}

// ContextAgent is an xAPI 2.0 context agent: an agent with the relevance
// types it has for the statement.
type ContextAgent struct {
	ObjectType    string   `json:"objectType"`
	Agent         Agent    `json:"agent"`
	RelevantTypes []string `json:"relevantTypes,omitzero"`
}

// ContextGroup is an xAPI 2.0 context group.
type ContextGroup struct {
	ObjectType    string   `json:"objectType"`
	Group         Agent    `json:"group"`
	RelevantTypes []string `json:"relevantTypes,omitzero"`
}

// StatementRef points at another statement by id.
type StatementRef struct {
	ObjectType string `json:"objectType"`
	ID         string `json:"id"`
}

// Attachment describes a document attached to a statement: its content
// travels in a multipart/mixed part whose X-Experience-API-Hash is SHA2, or
// lives at FileURL.
type Attachment struct {
	UsageType   string            `json:"usageType"`
	Display     map[string]string `json:"display"`
	Description map[string]string `json:"description,omitzero"`
	ContentType string            `json:"contentType"`
	Length      int64             `json:"length"`
	SHA2        string            `json:"sha2"`
	FileURL     string            `json:"fileUrl,omitempty"`
}

// SignatureUsageType is the usageType of the attachment that holds a
// statement's JWS signature.
const SignatureUsageType = "http://adlnet.gov/expapi/attachments/signature"

// VoidedVerb is the verb of a voiding statement.
const VoidedVerb = "http://adlnet.gov/expapi/verbs/voided"

// IFI returns the agent's inverse functional identifier as one string, the
// key under which statements are indexed by agent, e.g.
// "account::https://lode.example/|42" or "mbox::mailto:a@b.org". It is ""
// for an anonymous group.
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

// Agent returns the Agent or Group that o is (meaningful when ObjectType
// is "Agent" or "Group").
func (o Object) Agent() Agent {
	return Agent{ObjectType: o.ObjectType, Name: o.Name, Mbox: o.Mbox, MboxSHA1Sum: o.MboxSHA1Sum,
		OpenID: o.OpenID, Account: o.Account, Member: o.Member, keep: o.keep}
}

// ObjectOf returns the agent or group a as a statement object.
func ObjectOf(a Agent) Object {
	t := a.ObjectType
	if t == "" {
		t = "Agent"
	}
	return Object{ObjectType: t, Name: a.Name, Mbox: a.Mbox, MboxSHA1Sum: a.MboxSHA1Sum,
		OpenID: a.OpenID, Account: a.Account, Member: a.Member, keep: a.keep}
}

// IsActivity reports whether o is an Activity.
func (o Object) IsActivity() bool { return o.ObjectType == "" || o.ObjectType == "Activity" }
