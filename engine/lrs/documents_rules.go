package lrs

import (
	"encoding/json"
	"fmt"
	"mime"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Noun returns how messages name documents of kind k: "state", "activity
// profile" or "agent profile".
func (k DocumentKind) Noun() string {
	switch k {
	case ActivityProfileDocument:
		return "activity profile"
	case AgentProfileDocument:
		return "agent profile"
	}
	return "state"
}

// IDParam returns the query parameter that carries a document id of k's
// kind: stateId or profileId. Errors name fields by their xAPI parameter,
// so that a client reads which one is wrong.
func (k DocumentKey) IDParam() string {
	if k.Kind == StateDocument {
		return "stateId"
	}
	return "profileId"
}

// check returns engine.EINVALID for a key its kind cannot use.
func (k DocumentKey) check() error {
	set := DocumentSet{Kind: k.Kind, ActivityID: k.ActivityID, Agent: k.Agent, Registration: k.Registration}
	if err := set.check(); err != nil {
		return err
	}
	if k.ID == "" {
		return engine.FieldError(k.IDParam(), "is required")
	}
	return nil
}

func (s DocumentSet) check() error {
	usesActivity := s.Kind == StateDocument || s.Kind == ActivityProfileDocument
	usesAgent := s.Kind == StateDocument || s.Kind == AgentProfileDocument
	switch {
	case !usesActivity && !usesAgent:
		return engine.Errorf(engine.EINTERNAL, "unknown document kind %q", s.Kind)
	case usesActivity && s.ActivityID == "":
		return engine.FieldError("activityId", "is required")
	case usesActivity && !xapi.IsIRI(s.ActivityID):
		return engine.FieldError("activityId", "%q is not an IRI", s.ActivityID)
	case !usesActivity && s.ActivityID != "":
		return engine.FieldError("activityId", "is not a parameter of the agent profile resource")
	case usesAgent && s.Agent == "":
		return engine.FieldError("agent", "is required: an agent identified by mbox, mbox_sha1sum, openid or account")
	case !usesAgent && s.Agent != "":
		return engine.FieldError("agent", "is not a parameter of the activity profile resource")
	case s.Registration != "" && s.Kind != StateDocument:
		return engine.FieldError("registration", "is a parameter of the state resource only")
	case s.Registration != "" && (!xapi.IsUUID(s.Registration) || s.Registration != strings.ToLower(s.Registration)):
		return engine.FieldError("registration", "%q is not a lower-case UUID", s.Registration)
	}
	return nil
}

// check returns engine.EINVALID for a write that can never succeed, whatever is
// stored.
func (w *DocumentWrite) check() error {
	if err := w.Key.check(); err != nil {
		return err
	}
	if w.ContentType == "" {
		w.ContentType = "application/octet-stream"
	}
	switch {
	case len(w.Content) > MaxDocumentBytes:
		return &engine.Error{Code: engine.ETOOLARGE, Field: "content", Message: fmt.Sprintf("the document is %d bytes; the limit is %d bytes", len(w.Content), MaxDocumentBytes)}
	case isJSON(w.ContentType) && !json.Valid(w.Content):
		return engine.FieldError("content", "is not valid JSON, but its Content-Type is application/json")
	}
	return nil
}

// allowed applies the preconditions and xAPI's concurrency rules to a write
// given the stored document cur (nil if none).
func (w *DocumentWrite) allowed(cur *Document, merge bool) error {
	if err := w.Preconditions.check(cur); err != nil {
		return err
	}
	if merge {
		if cur != nil && (!isJSON(cur.ContentType) || !isJSON(w.ContentType)) {
			return engine.FieldError("Content-Type", "a document can be merged by POST only if both it and the stored document are application/json; "+
				"the stored one is %s and this one %s: replace it with PUT", cur.ContentType, w.ContentType)
		}
		return nil
	}
	if !w.Preconditions.empty() || !w.needsPrecondition() {
		return nil
	}
	if cur != nil {
		return engine.Errorf(engine.ECONFLICT, "the document already exists: to replace it, send If-Match with the ETag it was read with (or If-None-Match: * to create it only if absent)")
	}
	if w.Version == xapi.V103 && w.Key.Kind != StateDocument {
		return engine.FieldError("If-Match", "a PUT to a profile document must send If-Match with the ETag of the document it replaces, or If-None-Match: * to create it")
	}
	return nil
}

// needsPrecondition reports whether a PUT must carry If-Match or
// If-None-Match when it replaces a document: for profiles in every
// version, and for State from 2.0 on (1.0.3 lets State be overwritten).
func (w *DocumentWrite) needsPrecondition() bool {
	return w.Key.Kind != StateDocument || w.Version != xapi.V103
}

// check applies If-Match and If-None-Match, as RFC 9110 section 13.2.2
// orders them, to the stored document cur (nil if none).
func (p Preconditions) check(cur *Document) error {
	if len(p.IfMatch) > 0 && !matches(p.IfMatch, cur) {
		return engine.Errorf(engine.EPRECONDITION, "If-Match: the document's ETag is not one of %s (it changed, or does not exist): read it again", strings.Join(p.IfMatch, ", "))
	}
	if len(p.IfNoneMatch) > 0 && matches(p.IfNoneMatch, cur) {
		return engine.Errorf(engine.EPRECONDITION, "If-None-Match: the document exists (with ETag %s)", cur.ETag)
	}
	return nil
}

func matches(tags []string, cur *Document) bool {
	if cur == nil {
		return false
	}
	for _, t := range tags {
		if t == "*" || t == cur.ETag {
			return true
		}
	}
	return false
}

// isJSON reports whether a Content-Type is application/json, whatever its
// parameters.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}
