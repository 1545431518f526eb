package sqlstore

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

type documentRow struct {
	Kind         string `db:"kind"`
	ActivityID   string `db:"activity_id"`
	AgentIFI     string `db:"agent_ifi"`
	Registration string `db:"registration"`
	DocumentID   string `db:"document_id"`
	ContentType  string `db:"content_type"`
	Content      []byte `db:"content"`
	ETag         string `db:"etag"`
	Updated      Time   `db:"updated"`
}

func (r *documentRow) document() *lrs.Document {
	return &lrs.Document{
		Key: lrs.DocumentKey{Kind: lrs.DocumentKind(r.Kind), ActivityID: r.ActivityID, Agent: r.AgentIFI,
			Registration: r.Registration, ID: r.DocumentID},
		ContentType: r.ContentType, Content: r.Content, ETag: r.ETag, Updated: r.Updated.Time,
	}
}

const documentColumns = `kind, activity_id, agent_ifi, registration, document_id, content_type, content, etag, updated`

// keyWhere selects one document; its arguments are keyArgs.
const keyWhere = `kind = ? AND activity_id = ? AND agent_ifi = ? AND registration = ? AND document_id = ?`

func keyArgs(k lrs.DocumentKey) []any {
	return []any{string(k.Kind), k.ActivityID, k.Agent, k.Registration, k.ID}
}

// Document returns one document; ENOTFOUND if there is none.
func (s *Store) Document(ctx context.Context, k lrs.DocumentKey) (*lrs.Document, error) {
	var row documentRow
	const q = `SELECT ` + documentColumns + ` FROM documents WHERE ` + keyWhere
	if err := s.read.GetContext(ctx, &row, s.read.Rebind(q), keyArgs(k)...); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "there is no %s document %q", k.Kind.Noun(), k.ID)
	} else if err != nil {
		return nil, s.d.Error(err, "read a document")
	}
	return row.document(), nil
}

// UpdateDocument calls change with the document at k (nil if none) in a
// transaction that keeps every other UpdateDocument of k out
// (Dialect.LockDocument), and stores or deletes what it returns.
func (s *Store) UpdateDocument(ctx context.Context, k lrs.DocumentKey, change func(*lrs.Document) (*lrs.Document, error)) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.d.LockDocument(ctx, tx, k); err != nil {
			return err
		}
		var cur *lrs.Document
		var row documentRow
		if err := tx.GetContext(ctx, &row, tx.Rebind(`SELECT `+documentColumns+` FROM documents WHERE `+keyWhere), keyArgs(k)...); err == nil {
			cur = row.document()
		} else if !NotFound(err) {
			return s.d.Error(err, "read a document")
		}
		next, err := change(cur)
		if err != nil {
			return err
		}
		if next == nil {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM documents WHERE `+keyWhere), keyArgs(k)...); err != nil {
				return s.d.Error(err, "delete a document")
			}
			return nil
		}
		next.Key, next.Updated = k, s.stamp()
		const q = `INSERT INTO documents (` + documentColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (kind, activity_id, agent_ifi, registration, document_id) DO UPDATE SET
				content_type = excluded.content_type, content = excluded.content, etag = excluded.etag, updated = excluded.updated`
		args := append(keyArgs(k), next.ContentType, next.Content, next.ETag, s.d.Time(next.Updated))
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
			return s.d.Error(err, "store a document")
		}
		return nil
	})
}

// setWhere selects the documents of a set, with its arguments.
func (s *Store) setWhere(set lrs.DocumentSet) (string, []any) {
	where := `kind = ? AND activity_id = ? AND agent_ifi = ?`
	args := []any{string(set.Kind), set.ActivityID, set.Agent}
	if set.Registration != "" {
		where += ` AND registration = ?`
		args = append(args, set.Registration)
	}
	if set.Since != nil {
		where += ` AND updated > ?`
		args = append(args, s.d.Time(Round(*set.Since)))
	}
	return s.read.Rebind(where), args
}

// DocumentIDs returns the sorted ids of the documents in set, each once,
// and when the latest of them was updated (zero if none).
func (s *Store) DocumentIDs(ctx context.Context, set lrs.DocumentSet) ([]string, time.Time, error) {
	where, args := s.setWhere(set)
	var rows []struct {
		ID      string `db:"document_id"`
		Updated Time   `db:"updated"`
	}
	q := `SELECT document_id, MAX(updated) AS updated FROM documents WHERE ` + where + ` GROUP BY document_id ORDER BY document_id`
	if err := s.read.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, time.Time{}, s.d.Error(err, "list documents")
	}
	ids := make([]string, len(rows))
	var latest time.Time
	for i, r := range rows {
		ids[i] = r.ID
		if r.Updated.After(latest) {
			latest = r.Updated.Time
		}
	}
	return ids, latest, nil
}

// DeleteDocuments deletes every document in set.
func (s *Store) DeleteDocuments(ctx context.Context, set lrs.DocumentSet) error {
	where, args := s.setWhere(set)
	if _, err := s.write.ExecContext(ctx, `DELETE FROM documents WHERE `+where, args...); err != nil {
		return s.d.Error(err, "delete documents")
	}
	return nil
}
