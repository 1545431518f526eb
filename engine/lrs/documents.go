package lrs

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// DocumentKind names one of the three xAPI document resources.
type DocumentKind string

// The document resources: /activities/state, /activities/profile and
// /agents/profile.
const (
	StateDocument           DocumentKind = "state"
	ActivityProfileDocument DocumentKind = "activity_profile"
	AgentProfileDocument    DocumentKind = "agent_profile"
)

// MaxDocumentBytes is the largest document the LRS keeps. State and profile
// documents are a learner's bookmark, answers or preferences: kilobytes.
const MaxDocumentBytes = 1 << 20

// DocumentKey identifies one document. A kind uses some of the fields:
// State all of them (Registration optional), Activity Profile ActivityID
// and ID, Agent Profile Agent and ID.
type DocumentKey struct {
	Kind         DocumentKind
	ActivityID   string // the activity's IRI
	Agent        string // the agent's IFI, as xapi.Agent.IFI gives it
	Registration string // a lower-case UUID, or "" for none
	ID           string // the stateId or profileId
}

// DocumentSet selects the documents of one context, for listing or
// deleting them all: ID is not part of it, and an empty Registration means
// any registration.
type DocumentSet struct {
	Kind         DocumentKind
	ActivityID   string
	Agent        string
	Registration string
	Since        *time.Time // only documents updated after this instant
}

// Document is a stored document: arbitrary bytes with their content type.
type Document struct {
	Key         DocumentKey
	ContentType string
	Content     []byte
	ETag        string // the hex SHA-1 of Content, unquoted
	Updated     time.Time
}

// DocumentStore keeps the documents of the xAPI document resources.
type DocumentStore interface {
	// Document returns one document; engine.ENOTFOUND if there is none.
	Document(ctx context.Context, k DocumentKey) (*Document, error)
	// UpdateDocument calls change with the document stored at k (nil if
	// none) while no other UpdateDocument of k can run, and stores what it
	// returns, Updated set to now, or deletes k if it returns nil. If
	// change fails, nothing is written and its error is returned.
	UpdateDocument(ctx context.Context, k DocumentKey, change func(cur *Document) (*Document, error)) error
	// DocumentIDs returns the ids of the documents in set, sorted and each
	// once, and when the latest of them was updated (zero if none).
	DocumentIDs(ctx context.Context, set DocumentSet) ([]string, time.Time, error)
	// DeleteDocuments deletes every document in set.
	DeleteDocuments(ctx context.Context, set DocumentSet) error
}

// Documents is the service behind the xAPI document resources (State,
// Activity Profile, Agent Profile) and the resources that describe what
// the LRS knows: Activities, Agents and About. It applies xAPI's rules:
// JSON merge on POST and the concurrency rules of each version, which it
// checks against the stored document inside UpdateDocument, so that no
// other write comes between the check and the write.
type Documents struct {
	Store       DocumentStore
	Definitions DefinitionStore
}

// Preconditions are the If-Match and If-None-Match headers of a request:
// entity tags without quotes, or "*". A weak tag in IfMatch keeps its "W/"
// prefix, so that it matches nothing, as RFC 9110 says.
type Preconditions struct {
	IfMatch     []string
	IfNoneMatch []string
}

func (p Preconditions) empty() bool { return len(p.IfMatch) == 0 && len(p.IfNoneMatch) == 0 }

// DocumentWrite is a PUT or POST of one document.
type DocumentWrite struct {
	Key           DocumentKey
	ContentType   string // "" is taken as application/octet-stream
	Content       []byte
	Preconditions Preconditions
	Version       xapi.Version // the request's xAPI version: its concurrency rules apply
}

// Document returns one document. engine.EINVALID for an incomplete key,
// engine.ENOTFOUND if there is no such document.
func (d *Documents) Document(ctx context.Context, k DocumentKey) (*Document, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	return d.Store.Document(ctx, k)
}

// DocumentIDs returns the ids of the documents in set and when the latest
// of them was updated. engine.EINVALID for an incomplete set.
func (d *Documents) DocumentIDs(ctx context.Context, set DocumentSet) ([]string, time.Time, error) {
	if err := set.check(); err != nil {
		return nil, time.Time{}, err
	}
	return d.Store.DocumentIDs(ctx, set)
}

// DeleteDocuments deletes every document in set (State's DELETE without
// stateId). engine.EINVALID for an incomplete set.
func (d *Documents) DeleteDocuments(ctx context.Context, set DocumentSet) error {
	if err := set.check(); err != nil {
		return err
	}
	return d.Store.DeleteDocuments(ctx, set)
}

// Put stores a document, replacing any. engine.EINVALID for an incomplete key or
// JSON content that does not parse; engine.EPRECONDITION when If-Match or
// If-None-Match fails; engine.ECONFLICT when the version's rules require one of
// them for a document that exists (engine.EINVALID, in 1.0.3, for a profile
// document that does not).
func (d *Documents) Put(ctx context.Context, w DocumentWrite) error {
	return d.write(ctx, w, false)
}

// Merge is POST: it stores a new document as Put does, or merges a JSON
// object into the stored JSON object, property by property at the top
// level. engine.EINVALID if either is not a JSON object; engine.EPRECONDITION as Put.
func (d *Documents) Merge(ctx context.Context, w DocumentWrite) error {
	return d.write(ctx, w, true)
}

func (d *Documents) write(ctx context.Context, w DocumentWrite, merge bool) error {
	if err := w.check(); err != nil {
		return err
	}
	return d.Store.UpdateDocument(ctx, w.Key, func(cur *Document) (*Document, error) {
		if err := w.allowed(cur, merge); err != nil {
			return nil, err
		}
		next := &Document{Key: w.Key, ContentType: w.ContentType, Content: w.Content}
		if merge && cur != nil {
			var err error
			if next.Content, err = mergeJSON(cur.Content, w.Content); err != nil {
				return nil, err
			}
		}
		next.ETag = ETag(next.Content)
		return next, nil
	})
}

// Delete deletes one document; deleting an absent one is not an error.
// engine.EPRECONDITION when If-Match or If-None-Match fails.
func (d *Documents) Delete(ctx context.Context, k DocumentKey, p Preconditions) error {
	if err := k.check(); err != nil {
		return err
	}
	return d.Store.UpdateDocument(ctx, k, func(cur *Document) (*Document, error) {
		return nil, p.check(cur)
	})
}

// ETag returns the entity tag of a document's content: its SHA-1 in
// lower-case hex, as xAPI 1.0.3 requires.
func ETag(content []byte) string {
	sum := sha1.Sum(content)
	return hex.EncodeToString(sum[:])
}

// mergeJSON merges the JSON object posted into the JSON object stored: each
// top-level property posted replaces the stored one.
func mergeJSON(stored, posted []byte) ([]byte, error) {
	var into, from map[string]json.RawMessage
	if err := json.Unmarshal(stored, &into); err != nil || into == nil {
		return nil, engine.FieldError("content", "cannot be merged: the stored document is not a JSON object; replace it with PUT")
	}
	if err := json.Unmarshal(posted, &from); err != nil || from == nil {
		return nil, engine.FieldError("content", "cannot be merged: it is not a JSON object")
	}
	for k, v := range from {
		into[k] = v
	}
	return marshalJSON(into)
}

// marshalJSON encodes v without escaping <, > and &, which a document's
// author did not ask for.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, &engine.Error{Code: engine.EINTERNAL, Message: "encode a merged JSON document", Err: err}
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
