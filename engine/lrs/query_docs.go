package lrs

import (
	"context"
	"encoding/json"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// The reads below answer with stored documents rather than statements:
// format exact, the default, is the statement as stored with only the
// timestamp xAPI has the LRS add, so a page can be written from the
// documents without decoding and encoding each statement (issue 15).

// QueryDocs is Query answering with each statement's document as format
// exact gives it (withTimestampDoc). Its errors are Query's.
func (l *Service) QueryDocs(ctx context.Context, caller Caller, f StatementFilter) ([]StoredStatement, string, error) {
	if none, err := pageFilter(caller, &f); none || err != nil {
		return nil, "", err
	}
	docs, next, err := l.Statements.StatementDocs(ctx, f)
	if err != nil {
		return nil, "", err
	}
	readable := docs[:0]
	for _, d := range docs {
		ok, err := caller.mayReadDoc(d.Doc)
		if err != nil {
			return nil, "", err
		}
		if ok {
			d.Doc = withTimestampDoc(d.Doc)
			readable = append(readable, d)
		}
	}
	return readable, next, nil
}

// StatementDoc is Statement answering with the statement's document as
// format exact gives it. Its errors are Statement's.
func (l *Service) StatementDoc(ctx context.Context, caller Caller, id string, voided bool) (*StoredStatement, error) {
	if !xapi.IsUUID(id) {
		return nil, engine.FieldError("statementId", "%q is not a UUID", id)
	}
	d, err := l.Statements.StatementDocByID(ctx, id, voided)
	if err != nil {
		return nil, err
	}
	if ok, err := caller.mayReadDoc(d.Doc); err != nil {
		return nil, err
	} else if !ok {
		return nil, engine.Errorf(engine.ENOTFOUND, "statement %s not found", id)
	}
	d.Doc = withTimestampDoc(d.Doc)
	return d, nil
}

// mayReadDoc is mayRead for a stored document. A caller that may read
// every statement need not look; a restricted one decodes the statement
// to see whose it is.
func (c Caller) mayReadDoc(doc []byte) (bool, error) {
	if c.onlyAuthority == "" && c.onlyAgent == "" {
		return c.readAll, nil
	}
	var st xapi.Statement
	if err := json.Unmarshal(doc, &st); err != nil {
		return false, &engine.Error{Code: engine.EINTERNAL, Message: "a stored statement is not valid", Err: err}
	}
	return c.mayRead(&st), nil
}
