package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Pending is a statement checked and ready to insert: the values of its
// row, which each database turns into its own columns.
type Pending struct {
	St        *xapi.Statement // as given, to compare with a stored one
	Index     int             // in the batch, for errors
	ID        string          // lower case
	Doc       string          // the JSON stored (lrs.EncodeStored)
	Actor     string          // the actor's IFI
	Verb      string
	Object    string // the activity id if the object is an activity
	Reg       string // the registration, lower case
	Stored    time.Time
	Timestamp *time.Time
	Ref       string // the id its StatementRef object targets, lower case
	Links     lrs.StatementLinks
	Voids     string // Ref if it is a voiding statement
}

// PendingStatements checks stmts (lrs.EncodeStored) and makes their rows.
func PendingStatements(stmts []xapi.Statement) ([]Pending, error) {
	docs, err := lrs.EncodeStored(stmts)
	if err != nil {
		return nil, err
	}
	out := make([]Pending, len(stmts))
	for i := range stmts {
		st := &stmts[i]
		p := Pending{St: st, Index: i, ID: strings.ToLower(st.ID), Doc: docs[i], Actor: st.Actor.IFI(), Verb: st.Verb.ID,
			Stored: lrs.StoredTime(*st.Stored), Links: lrs.LinksOf(st)}
		if st.Timestamp != nil {
			ts := Round(*st.Timestamp)
			p.Timestamp = &ts
		}
		if st.Object.IsActivity() {
			p.Object = st.Object.ID
		}
		// A reference that is not a UUID targets nothing a store can hold.
		if xapi.IsUUID(p.Links.Ref) {
			p.Ref = strings.ToLower(p.Links.Ref)
		}
		if st.Context != nil {
			p.Reg = strings.ToLower(st.Context.Registration)
		}
		if st.Verb.ID == xapi.VoidedVerb {
			p.Voids = p.Ref
		}
		out[i] = p
	}
	return out, nil
}

// StoreStatements stores statements that already have id and stored set,
// all or nothing. A statement whose id is already stored is accepted if it
// is the same statement, ignoring the properties the LRS sets (stored,
// authority, version), and the stored copy is kept; otherwise the batch
// fails with ECONFLICT and nothing of it is stored. EINVALID for a
// statement not ready to store (lrs.EncodeStored).
func (s *Store) StoreStatements(ctx context.Context, stmts []xapi.Statement) error {
	if len(stmts) == 0 {
		return nil
	}
	p, err := PendingStatements(stmts)
	if err != nil {
		return err
	}
	return s.d.StoreBatch(ctx, p)
}

// StatementByID returns the statement with id if it is voided (voided
// true) or not voided (voided false); ENOTFOUND otherwise, and for an id
// that is not a UUID.
func (s *Store) StatementByID(ctx context.Context, id string, voided bool) (*xapi.Statement, error) {
	doc, err := s.StatementDocByID(ctx, id, voided)
	if err != nil {
		return nil, err
	}
	var st xapi.Statement
	if err := decode(doc.Doc, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// StatementDocByID is StatementByID answering with the stored document.
func (s *Store) StatementDocByID(ctx context.Context, id string, voided bool) (*lrs.StoredStatement, error) {
	missing := engine.Errorf(engine.ENOTFOUND, "statement %s not found", id)
	if voided {
		missing = engine.Errorf(engine.ENOTFOUND, "there is no voided statement %s", id)
	}
	if !xapi.IsUUID(id) {
		return nil, missing
	}
	var row struct {
		Statement []byte `db:"statement"`
		Stored    Time   `db:"stored"`
	}
	const q = `SELECT statement, stored FROM statements WHERE id = ? AND voided = ?`
	if err := s.read.GetContext(ctx, &row, s.read.Rebind(q), strings.ToLower(id), voided); NotFound(err) {
		return nil, missing
	} else if err != nil {
		return nil, s.d.Error(err, "read statement "+id)
	}
	return &lrs.StoredStatement{Doc: lrs.Compact(row.Statement), Stored: row.Stored.Time}, nil
}

// DecodeStatement decodes a stored statement; EINTERNAL if it is not one.
func DecodeStatement(doc string) (*xapi.Statement, error) {
	var st xapi.Statement
	if err := decode([]byte(doc), &st); err != nil {
		return nil, err
	}
	return &st, nil
}

func decode(doc []byte, st *xapi.Statement) error {
	if err := json.Unmarshal(doc, st); err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "a stored statement is not valid", Err: err}
	}
	return nil
}

// ConflictError is the ECONFLICT of a statement whose id is stored with
// other content.
func ConflictError(p Pending) error {
	return &engine.Error{Code: engine.ECONFLICT, Field: fmt.Sprintf("statements[%d].id", p.Index),
		Message: "statement " + p.St.ID + " already exists with different content"}
}

// VoidingError is the EINVALID of a voiding statement whose target is
// itself a voiding statement.
func VoidingError(p Pending) error {
	return engine.FieldError(fmt.Sprintf("statements[%d].object", p.Index), "statement %s is a voiding statement, which cannot be voided", p.Voids)
}
