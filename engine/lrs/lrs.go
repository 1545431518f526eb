// Package lrs is Lode's xAPI Learning Record Store: statements (stored,
// voided, queried), documents (state, activity and agent profiles),
// credentials and their scopes, and the outbox that forwards statements to
// another LRS. Who may read which statements is decided here, in
// access.go, not by the HTTP handlers. Storage is behind the interfaces in
// store.go; the wire format and validation are engine/xapi's.
package lrs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Service is the xAPI Learning Record Store behind /xapi: it stores,
// voids and queries statements with the rules of xAPI 1.0.3 and 2.0.
type Service struct {
	Statements  StatementStore
	Attachments AttachmentStore
	BaseURL     string
	// Now is the clock that stamps stored; nil means time.Now.
	Now func() time.Time
}

func (l *Service) now() time.Time {
	if l.Now != nil {
		return l.Now().UTC()
	}
	return time.Now().UTC()
}

// StoreStatements stores a batch of statements sent by caller, in version
// v, with the content of their attachments (from a multipart/mixed
// request; nil for application/json), after Prepare. It returns the ids in
// order. EFORBIDDEN if the caller may not write; the errors of Prepare;
// ECONFLICT if an id is taken by a different statement. Nothing of a
// failed batch is stored.
func (l *Service) StoreStatements(ctx context.Context, caller Caller, stmts []xapi.Statement, v xapi.Version, atts []Attachment) ([]string, error) {
	ids, err := l.Prepare(caller, stmts, v, atts)
	if err != nil || len(stmts) == 0 {
		return ids, err
	}
	if len(atts) > 0 {
		if l.Attachments == nil {
			return nil, engine.Errorf(engine.EUNAVAILABLE, "this LRS does not store attachments")
		}
		if err := l.Attachments.StoreAttachments(ctx, atts); err != nil {
			return nil, err
		}
	}
	if err := l.Statements.StoreStatements(ctx, stmts); err != nil {
		return nil, err
	}
	return ids, nil
}

// Prepare makes valid statements ready to store as caller's: it checks
// attachments and signatures, assigns missing ids and sets stored,
// authority and a missing version, in stmts itself, and returns the ids in
// order. It is the one way statements enter the LRS: StoreStatements uses
// it for a client's, and learning.Delivery for Lode's own, which it then
// stores in the same transaction as the learner's progress.
//
// EFORBIDDEN if the caller may not write; EINVALID for an id used twice in
// the batch, attachment content that is missing, extra or does not match
// its hash, a signed statement whose signature does not verify.
func (l *Service) Prepare(caller Caller, stmts []xapi.Statement, v xapi.Version, atts []Attachment) ([]string, error) {
	if !caller.MayWrite() {
		return nil, engine.Errorf(engine.EFORBIDDEN, "these credentials may not store statements")
	}
	if err := checkAttachments(stmts, atts); err != nil {
		return nil, err
	}
	if err := checkSignatures(stmts, atts); err != nil {
		return nil, err
	}
	stored := l.now().Truncate(time.Millisecond)
	ids := make([]string, len(stmts))
	seen := make(map[string]int, len(stmts))
	for i := range stmts {
		st := &stmts[i]
		if st.ID == "" {
			st.ID = uuid.NewString()
		}
		key := strings.ToLower(st.ID)
		if j, dup := seen[key]; dup {
			return nil, engine.FieldError(fmt.Sprintf("statements[%d].id", i), "%s is also the id of statements[%d]: a batch cannot use an id twice", st.ID, j)
		}
		seen[key] = i
		ids[i] = st.ID
		stamp(st, stored, *caller.Authority, v)
	}
	return ids, nil
}

// Engine is the caller Lode's own statements are stored as. Its authority
// is an account on this Lode whose name, with a space, no LRS client's key
// can be.
func (l *Service) Engine() Caller {
	return Caller{Authority: &xapi.Agent{ObjectType: "Agent", Name: "Lode", Account: &xapi.Account{HomePage: l.BaseURL, Name: "lode engine"}}}
}

// stamp sets the properties the LRS owns. A missing version is 1.0.0 for a
// 1.0.x request (xAPI 1.0.3 §2.4.10) and 2.0.0 for a 2.0 one. A missing
// timestamp is left missing, and read as the stored time (see
// withTimestamp): stored, it would make the same statement sent again
// differ from the first.
func stamp(st *xapi.Statement, stored time.Time, authority xapi.Agent, v xapi.Version) {
	at := stored
	st.Stored = &at
	a := authority
	st.Authority = &a
	if st.Version == "" {
		st.Version = v.StatementVersion()
	}
}

// withTimestamp gives a statement stored without a timestamp its stored
// time as timestamp, as xAPI 2.0 §4.2.4.2 has the LRS do.
func withTimestamp(st *xapi.Statement) {
	if st.Timestamp == nil && st.Stored != nil {
		ts := *st.Stored
		st.Timestamp = &ts
	}
}

// attachmentsOf returns a statement's attachments, its SubStatement's
// included.
func attachmentsOf(st *xapi.Statement) []xapi.Attachment {
	all := st.Attachments
	if st.Object.ObjectType == "SubStatement" {
		all = append(all[:len(all):len(all)], st.Object.Attachments...)
	}
	return all
}

// checkAttachments checks atts against the statements' attachments: each
// content matches its hash and belongs to an attachment, and every
// attachment without a fileUrl has its content. (An attachment with a
// fileUrl may have its content sent too.)
func checkAttachments(stmts []xapi.Statement, atts []Attachment) error {
	given := make(map[string]bool, len(atts))
	for i := range atts {
		a := &atts[i]
		a.SHA2 = strings.ToLower(a.SHA2)
		sum := sha256.Sum256(a.Content)
		if got := hex.EncodeToString(sum[:]); got != a.SHA2 {
			return engine.FieldError("X-Experience-API-Hash", "part %d of the request is declared as %s but its SHA-256 is %s", i+2, a.SHA2, got)
		}
		given[a.SHA2] = true
	}
	declared := make(map[string]bool, len(atts))
	for i := range stmts {
		for _, a := range attachmentsOf(&stmts[i]) {
			h := strings.ToLower(a.SHA2)
			declared[h] = true
			if a.FileURL == "" && !given[h] {
				return engine.FieldError(fmt.Sprintf("statements[%d].attachments", i),
					"the attachment with sha2 %s has no fileUrl and its content is not in the request", a.SHA2)
			}
		}
	}
	for _, a := range atts {
		if !declared[a.SHA2] {
			return engine.FieldError("X-Experience-API-Hash", "the request has a part with hash %s that no statement's attachment declares", a.SHA2)
		}
	}
	return nil
}

// checkSignatures verifies signed statements (xAPI 1.0.3 §2.6): a signature
// attachment must be application/octet-stream and hold a JWS that
// xapi.VerifySignature accepts for the statement as sent.
func checkSignatures(stmts []xapi.Statement, atts []Attachment) error {
	content := make(map[string][]byte, len(atts))
	for _, a := range atts {
		content[a.SHA2] = a.Content
	}
	for i := range stmts {
		for _, a := range stmts[i].Attachments {
			if a.UsageType != xapi.SignatureUsageType {
				continue
			}
			field := fmt.Sprintf("statements[%d].attachments", i)
			if ct, _, _ := strings.Cut(a.ContentType, ";"); strings.TrimSpace(ct) != "application/octet-stream" {
				return engine.FieldError(field, "a signature attachment must have contentType application/octet-stream, not %q", a.ContentType)
			}
			jws, ok := content[strings.ToLower(a.SHA2)]
			if !ok {
				return engine.FieldError(field, "the signature attachment's content (the JWS) must be sent in the request")
			}
			if err := xapi.VerifySignature(&stmts[i], jws); err != nil {
				return XAPIError(err)
			}
		}
	}
	return nil
}

// Statement returns one statement the caller may read: with voided false,
// the statement with that id unless it has been voided (xAPI's
// statementId); with voided true, the statement with that id only if it
// has been voided (voidedStatementId). ENOTFOUND otherwise, also for a
// statement the caller may not read, as if it did not exist.
func (l *Service) Statement(ctx context.Context, caller Caller, id string, voided bool) (*xapi.Statement, error) {
	if !xapi.IsUUID(id) {
		return nil, engine.FieldError("statementId", "%q is not a UUID", id)
	}
	st, err := l.Statements.StatementByID(ctx, id, voided)
	if err != nil {
		return nil, err
	}
	if !caller.mayRead(st) {
		return nil, engine.Errorf(engine.ENOTFOUND, "statement %s not found", id)
	}
	withTimestamp(st)
	return st, nil
}

// Query returns a page of the statements f selects that the caller may
// read, and the cursor of the next page, "" when there is none. See
// StatementStore.Statements. A limit of 0 is, as in xAPI, the most the
// server allows: the store's maximum. EFORBIDDEN for a learner asking about
// someone else.
func (l *Service) Query(ctx context.Context, caller Caller, f StatementFilter) ([]xapi.Statement, string, error) {
	if none, err := pageFilter(caller, &f); none || err != nil {
		return nil, "", err
	}
	stmts, next, err := l.Statements.Statements(ctx, f)
	if err != nil {
		return nil, "", err
	}
	// A query for an agent also matches statements that refer to theirs
	// (xAPI's StatementRef rule): another person's statement about a
	// learner's answer. A restricted caller sees only what it may read by
	// id, even if a page then holds fewer statements than its limit.
	readable := stmts[:0]
	for i := range stmts {
		if caller.mayRead(&stmts[i]) {
			withTimestamp(&stmts[i])
			readable = append(readable, stmts[i])
		}
	}
	return readable, next, nil
}

// pageFilter narrows f to what caller may read and sets the store's
// maximum for a limit of 0; none reports a filter that matches nothing.
// EFORBIDDEN for a learner asking about someone else.
func pageFilter(caller Caller, f *StatementFilter) (none bool, err error) {
	if err := caller.restrict(f); err != nil {
		return false, err
	}
	if f.Since != nil && f.Until != nil && f.Until.Before(*f.Since) {
		return true, nil
	}
	if f.Limit == 0 {
		f.Limit = math.MaxInt32 // stores cap a limit to their maximum
	}
	return false, nil
}

// AttachmentContents returns the stored contents of the statements' attachments
// with these hashes, for statements the caller has read; none when the
// LRS keeps no attachments.
func (l *Service) AttachmentContents(ctx context.Context, sha2s []string) ([]Attachment, error) {
	if l.Attachments == nil || len(sha2s) == 0 {
		return nil, nil
	}
	return l.Attachments.Attachments(ctx, sha2s)
}

// ConsistentThrough is the time through which every statement stored is
// readable: stores answer reads with every committed write, and stored is
// stamped just before the write, so it is now.
func (l *Service) ConsistentThrough() time.Time { return l.now() }

// XAPIError turns an *xapi.ValidationError into the engine.EINVALID error naming
// the property at fault; other errors are returned as they are.
func XAPIError(err error) error {
	var ve *xapi.ValidationError
	if errors.As(err, &ve) {
		return &engine.Error{Code: engine.EINVALID, Field: ve.Property, Message: ve.Message}
	}
	return err
}
