package metrics

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

type statementStore struct {
	next lrs.StatementStore
	call
}

func (s *statementStore) StoreStatements(ctx context.Context, stmts []xapi.Statement) (err error) {
	defer s.done("StoreStatements", time.Now(), &err)
	if err = s.next.StoreStatements(ctx, stmts); err == nil {
		s.m.statements.Add(float64(len(stmts)))
	}
	return err
}

func (s *statementStore) StatementByID(ctx context.Context, id string, voided bool) (_ *xapi.Statement, err error) {
	defer s.done("StatementByID", time.Now(), &err)
	return s.next.StatementByID(ctx, id, voided)
}

func (s *statementStore) Statements(ctx context.Context, f lrs.StatementFilter) (_ []xapi.Statement, _ string, err error) {
	defer s.done("Statements", time.Now(), &err)
	return s.next.Statements(ctx, f)
}

func (s *statementStore) StatementDocByID(ctx context.Context, id string, voided bool) (_ *lrs.StoredStatement, err error) {
	defer s.done("StatementDocByID", time.Now(), &err)
	return s.next.StatementDocByID(ctx, id, voided)
}

func (s *statementStore) StatementDocs(ctx context.Context, f lrs.StatementFilter) (_ []lrs.StoredStatement, _ string, err error) {
	defer s.done("StatementDocs", time.Now(), &err)
	return s.next.StatementDocs(ctx, f)
}

type attachmentStore struct {
	next lrs.AttachmentStore
	call
}

func (s *attachmentStore) StoreAttachments(ctx context.Context, atts []lrs.Attachment) (err error) {
	defer s.done("StoreAttachments", time.Now(), &err)
	return s.next.StoreAttachments(ctx, atts)
}

func (s *attachmentStore) Attachments(ctx context.Context, sha2s []string) (_ []lrs.Attachment, err error) {
	defer s.done("Attachments", time.Now(), &err)
	return s.next.Attachments(ctx, sha2s)
}
