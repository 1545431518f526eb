package metrics

import (
	"context"
	"encoding/json"
	"time"

	"github.com/lode-elearning/lode/engine/lrs"
)

type documentStore struct {
	next lrs.DocumentStore
	call
}

func (s *documentStore) Document(ctx context.Context, k lrs.DocumentKey) (_ *lrs.Document, err error) {
	defer s.done("Document", time.Now(), &err)
	return s.next.Document(ctx, k)
}

// UpdateDocument's time includes change's, which runs inside its
// transaction and so holds the document's lock as long.
func (s *documentStore) UpdateDocument(ctx context.Context, k lrs.DocumentKey, change func(cur *lrs.Document) (*lrs.Document, error)) (err error) {
	defer s.done("UpdateDocument", time.Now(), &err)
	return s.next.UpdateDocument(ctx, k, change)
}

func (s *documentStore) DocumentIDs(ctx context.Context, set lrs.DocumentSet) (_ []string, _ time.Time, err error) {
	defer s.done("DocumentIDs", time.Now(), &err)
	return s.next.DocumentIDs(ctx, set)
}

func (s *documentStore) DeleteDocuments(ctx context.Context, set lrs.DocumentSet) (err error) {
	defer s.done("DeleteDocuments", time.Now(), &err)
	return s.next.DeleteDocuments(ctx, set)
}

type definitionStore struct {
	next lrs.DefinitionStore
	call
}

func (s *definitionStore) ActivityDefinitions(ctx context.Context, activityID string) (_ []json.RawMessage, err error) {
	defer s.done("ActivityDefinitions", time.Now(), &err)
	return s.next.ActivityDefinitions(ctx, activityID)
}

func (s *definitionStore) AgentNames(ctx context.Context, ifi string) (_ []string, err error) {
	defer s.done("AgentNames", time.Now(), &err)
	return s.next.AgentNames(ctx, ifi)
}
