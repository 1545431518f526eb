// Package sdk is the contract between the Lode engine and a content type.
//
// A content type (quiz, video, checklist, ...) is a Go value implementing
// ContentType. It runs in its own OS process, whose main function is one
// call to package sdk/plugin,
//
//	func main() { plugin.Serve(quiz.New()) }
//
// and the engine starts it, talks to it over gRPC and restarts it if it
// crashes. This package is only the contract: Go types and helpers, with
// no transport, so that the engine's domain and a content type's own code
// link neither gRPC nor protobuf. Package sdk/plugin turns these types into
// messages and back in the plugin, sdk/pluginclient in the engine; plugin
// authors never see either.
package sdk

import (
	"context"
	"encoding/json"
)

// ProtocolVersion is the version of the engine–plugin protocol this SDK
// speaks. The engine and a plugin agree on it during the go-plugin handshake;
// a plugin built against an incompatible SDK is refused with a clear message.
const ProtocolVersion = 1

// ContentType is what a content-type plugin implements. Every method may be
// called concurrently and must not keep per-learner data between calls: the
// engine stores learner state and passes it back in.
type ContentType interface {
	// Describe says what the content type is and what it can do. It is called
	// once when the plugin starts.
	Describe(ctx context.Context) (*Description, error)
	// Validate returns every problem in an object's configuration. It is run
	// when content is loaded; an empty list means the object can be served.
	Validate(ctx context.Context, req *ValidateRequest) (*ValidateResponse, error)
	// Render returns the accessible HTML fragment for one object as one
	// learner sees it. It must never reveal what the learner must not see yet
	// (a quiz's answers before submission).
	Render(ctx context.Context, req *RenderRequest) (*RenderResponse, error)
	// Handle applies one learner interaction and returns the new learner
	// state, the object's result and the xAPI statements to record.
	Handle(ctx context.Context, req *HandleRequest) (*HandleResponse, error)
	// Asset returns one of the files listed in Description.Assets.
	Asset(ctx context.Context, name string) (*Asset, error)
}

// Description tells the engine what a content type is.
type Description struct {
	Name            string          // type name used in module.yaml, e.g. "quiz"
	Title           string          // human name, e.g. "Quiz"
	Version         string          // semantic version of the plugin
	ProtocolVersion int             // the SDK ProtocolVersion it was built with
	ConfigSchema    json.RawMessage // JSON Schema of an object's configuration
	ActivityType    string          // xAPI activity type IRI of its objects
	Capabilities    Capabilities
	Assets          []AssetInfo // CSS/JS/images the plugin ships
	// Profiles are the IRIs of xAPI profiles its statements follow (e.g.
	// "https://w3id.org/xapi/video"). The engine adds each to every
	// statement's context category, as profile validators expect.
	Profiles []string
	// VolatileRender says Render depends on more than its RenderRequest
	// (the clock, randomness, data from elsewhere). The engine caches the
	// renders of every other content type by their request, so a repeated
	// view costs no call; a volatile one is asked every time.
	VolatileRender bool
}

// Capabilities say which results a content type produces.
type Capabilities struct {
	Scored      bool // produces a score
	Completable bool // can be completed; modules track it
	KeepsState  bool // keeps learner state between interactions
}

// AssetInfo names one file a plugin ships. The engine fetches it once and
// serves it under a content-hashed URL with a long cache lifetime.
type AssetInfo struct {
	Name        string // e.g. "video.js"
	ContentType string // e.g. "text/javascript"
}

// Asset is a file a plugin ships.
type Asset struct {
	Name        string
	ContentType string
	Data        []byte
}

// Object is one learning object as the plugin sees it.
type Object struct {
	ID           string          // unique within its module
	ActivityID   string          // the xAPI activity IRI the engine gave it
	Title        string          // title from module.yaml
	Config       json.RawMessage // the object's configuration (the schema's shape)
	MediaBaseURL string          // URL prefix of the module's packaged files, ending in "/"
	Language     string          // the module's content language (BCP 47), for xAPI language maps
	// ConfigVersion is the major version of the content type Config was
	// written for (module.yaml's type_version); 0 means the current one.
	// sdk/plugin upgrades older configs (see Upgrader) before the content
	// type sees them, so a content type itself never needs to read it.
	ConfigVersion int
}

// ValidateRequest carries an object's configuration to check.
type ValidateRequest struct {
	Config        json.RawMessage
	ConfigVersion int // as Object.ConfigVersion
}

// ValidateResponse lists every problem found; none means valid.
type ValidateResponse struct {
	Problems []Problem
}

// Problem is one mistake in a configuration, written for a content author.
type Problem struct {
	Pointer string // JSON pointer into the configuration, e.g. "/questions/2/choices"
	Message string // e.g. "a single-choice question needs exactly one correct choice"
}

// RenderRequest asks for one object's HTML as one learner sees it.
type RenderRequest struct {
	Object Object
	State  json.RawMessage // the learner's state from the last Handle; nil before the first
	Locale string          // BCP 47, e.g. "en-US"
	// Registration is the learner's attempt at the module (a UUID): a
	// stable per-learner seed, e.g. to shuffle choices before any state exists.
	Registration string
}

// RenderResponse is an HTML fragment and what it needs.
//
// The engine keeps only an allow-list of the fragment's elements and
// attributes (text, forms, tables, images and media with their ARIA, data-
// and standard attributes) and closes what it leaves open, so the fragment
// stays inside its container: no script, style, meta, link or iframe, no
// inline event handler or style attribute, no javascript: URL, and a form
// posts only to its own page. Ship scripts and styles as assets.
// sdktest.CheckFragment fails a test where the engine would drop markup.
//
// The fragment is placed inside the engine's page. Forms in it marked
// data-lode-event="TYPE" are sent to Handle by the engine's script as an
// Event of that type whose Data is a JSON object of field name to list of
// values; the fragment is then rendered again. A plugin needs JavaScript only
// for richer interactions (video tracking), which call window.Lode.send.
//
// Two attributes do more without any script of the plugin's own:
//   - method="post" action="?event=TYPE" on the form makes it work without
//     JavaScript too: the browser posts it to the object's page, the engine
//     applies the event and shows the page again.
//   - data-lode-autosave on a form (or on some of its controls) sends the
//     form's event as the learner changes it, ticks at once and typing after
//     a pause, without rendering again; an element of the fragment marked
//     data-lode-autosave-status (give it role="status") then says "Saving…",
//     the event's FeedbackHTML as text once the engine has stored it, or
//     why it was not saved.
type RenderResponse struct {
	HTML        string
	Assets      []string        // names from Description.Assets the fragment uses
	ClientState json.RawMessage // given to the plugin's script as data-lode-state
}

// Event is one learner interaction: a form of the fragment submitted (Data
// is then FormFields, read with Fields) or a plugin script's
// window.Lode.send(type, data) (Data is the JSON it sent).
type Event struct {
	Type string          // the form's data-lode-event, e.g. "submit", or the script's type, e.g. "progress"
	Data json.RawMessage // FormFields as JSON for a form; the script's JSON otherwise
}

// HandleRequest asks the plugin to apply one interaction.
type HandleRequest struct {
	Object       Object
	State        json.RawMessage // current learner state; nil before the first
	Event        Event
	Locale       string
	Registration string // the learner's attempt at the module (a UUID)
	SessionID    string // the learner's session, for profiles that ask for it
	// Render asks for the object rendered again with the new state, so that
	// one learner interaction is one call to the plugin. A content type does
	// not implement it: sdk/plugin calls its Render after Handle and returns
	// the result in HandleResponse.View.
	Render bool
}

// HandleResponse is the outcome of one interaction.
type HandleResponse struct {
	State        json.RawMessage  // the new learner state, stored by the engine
	Result       *Result          // the object's overall result now; nil if unchanged
	FeedbackHTML string           // announced to the learner (aria-live)
	Statements   []StatementDraft // xAPI statements to record, in order
	// View is the object rendered with the new state (State, or the
	// request's state when State is nil) and the request's Object, Locale
	// and Registration when HandleRequest.Render asked for it, nil
	// otherwise. sdk/plugin fills it in; a content type leaves it nil.
	View *RenderResponse
}

// Result is an xAPI result. Nil pointers are left out of the statement.
type Result struct {
	Score      *Score
	Success    *bool
	Completion *bool
	Response   string
	Duration   string          // ISO 8601 duration, e.g. "PT1M30S"
	Extensions json.RawMessage // JSON object of IRI to value
}

// Score is an xAPI score: Scaled in [-1, 1] and Min <= Raw <= Max.
type Score struct {
	Raw, Min, Max, Scaled float64
}

// StatementDraft is an xAPI statement without the parts the engine owns.
// The engine adds id, actor, context (registration, parent module, session),
// timestamp, stored and authority, then validates and records it.
type StatementDraft struct {
	Verb Verb
	// Activity is a sub-activity of the object, such as one question of a
	// quiz; nil means the object itself.
	Activity          *Activity
	Result            *Result
	ContextExtensions json.RawMessage // JSON object of IRI to value
}

// Verb is an xAPI verb.
type Verb struct {
	ID      string
	Display map[string]string // language tag to text
}

// Activity is a sub-activity of an object.
type Activity struct {
	// IDSuffix is appended to the object's activity IRI, e.g. "/questions/q1".
	IDSuffix string
	// Definition is an xAPI activity definition as JSON: name, description,
	// type, and for interactions interactionType, choices,
	// correctResponsesPattern.
	Definition json.RawMessage
}

// Bool returns a pointer to b, for Result fields.
func Bool(b bool) *bool { return &b }
