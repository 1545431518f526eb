package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

type documentRow struct {
	Kind         string    `db:"kind"`
	ActivityID   string    `db:"activity_id"`
	AgentIFI     string    `db:"agent_ifi"`
	Registration string    `db:"registration"`
	DocumentID   string    `db:"document_id"`
	ContentType  string    `db:"content_type"`
	Content      []byte    `db:"content"`
	ETag         string    `db:"etag"`
	Updated      time.Time `db:"updated"`
}

func (r *documentRow) document() *lrs.Document {
	return &lrs.Document{
		Key: lrs.DocumentKey{Kind: lrs.DocumentKind(r.Kind), ActivityID: r.ActivityID, Agent: r.AgentIFI,
			Registration: r.Registration, ID: r.DocumentID},
		ContentType: r.ContentType, Content: r.Content, ETag: r.ETag, Updated: r.Updated.UTC(),
	}
}

const documentColumns = `kind, activity_id, agent_ifi, registration, document_id, content_type, content, etag, updated`

// keyWhere selects one document; its arguments are keyArgs, from $1.
const keyWhere = `kind = $1 AND activity_id = $2 AND agent_ifi = $3 AND registration = $4 AND document_id = $5`

func keyArgs(k lrs.DocumentKey) []any {
	return []any{string(k.Kind), k.ActivityID, k.Agent, k.Registration, k.ID}
}

// Document returns one document; ENOTFOUND if there is none.
func (db *DB) Document(ctx context.Context, k lrs.DocumentKey) (*lrs.Document, error) {
	var row documentRow
	const q = `SELECT ` + documentColumns + ` FROM documents WHERE ` + keyWhere
	if err := db.db.GetContext(ctx, &row, q, keyArgs(k)...); notFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "there is no %s document %q", k.Kind.Noun(), k.ID)
	} else if err != nil {
		return nil, dbError(err, "read a document")
	}
	return row.document(), nil
}

// UpdateDocument calls change with the document at k (nil if none) in a
// transaction holding an advisory lock on k, which keeps every other
// UpdateDocument of k out, even while there is no row to lock, and stores
// or deletes what it returns.
func (db *DB) UpdateDocument(ctx context.Context, k lrs.DocumentKey, change func(*lrs.Document) (*lrs.Document, error)) error {
	return db.withTx(ctx, func(tx *sqlx.Tx) error {
		// Two keys whose hashes collide only wait for each other.
		lockKey := strings.Join([]string{string(k.Kind), k.ActivityID, k.Agent, k.Registration, k.ID}, "|")
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, lockKey); err != nil {
			return dbError(err, "lock a document")
		}
		var cur *lrs.Document
		var row documentRow
		if err := tx.GetContext(ctx, &row, `SELECT `+documentColumns+` FROM documents WHERE `+keyWhere, keyArgs(k)...); err == nil {
			cur = row.document()
		} else if !notFound(err) {
			return dbError(err, "read a document")
		}
		next, err := change(cur)
		if err != nil {
			return err
		}
		if next == nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE `+keyWhere, keyArgs(k)...); err != nil {
				return dbError(err, "delete a document")
			}
			return nil
		}
		next.Key, next.Updated = k, db.stamp()
		const q = `INSERT INTO documents (` + documentColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (kind, activity_id, agent_ifi, registration, document_id) DO UPDATE SET
				content_type = excluded.content_type, content = excluded.content, etag = excluded.etag, updated = excluded.updated`
		if _, err := tx.ExecContext(ctx, q, append(keyArgs(k), next.ContentType, next.Content, next.ETag, next.Updated)...); err != nil {
			return dbError(err, "store a document")
		}
		return nil
	})
}

// setWhere selects the documents of a set, with its arguments.
func setWhere(s lrs.DocumentSet) (string, []any) {
	where := `kind = $1 AND activity_id = $2 AND agent_ifi = $3`
	args := []any{string(s.Kind), s.ActivityID, s.Agent}
	if s.Registration != "" {
		args = append(args, s.Registration)
		where += fmt.Sprintf(` AND registration = $%d`, len(args))
	}
	if s.Since != nil {
		args = append(args, pgTime(*s.Since))
		where += fmt.Sprintf(` AND updated > $%d`, len(args))
	}
	return where, args
}

// DocumentIDs returns the sorted ids of the documents in set, each once,
// and when the latest of them was updated.
func (db *DB) DocumentIDs(ctx context.Context, set lrs.DocumentSet) ([]string, time.Time, error) {
	where, args := setWhere(set)
	var rows []struct {
		ID      string    `db:"document_id"`
		Updated time.Time `db:"updated"`
	}
	q := `SELECT document_id, MAX(updated) AS updated FROM documents WHERE ` + where + ` GROUP BY document_id ORDER BY document_id`
	if err := db.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, time.Time{}, dbError(err, "list documents")
	}
	ids := make([]string, len(rows))
	var latest time.Time
	for i, r := range rows {
		ids[i] = r.ID
		if r.Updated.After(latest) {
			latest = r.Updated.UTC()
		}
	}
	return ids, latest, nil
}

// DeleteDocuments deletes every document in set.
func (db *DB) DeleteDocuments(ctx context.Context, set lrs.DocumentSet) error {
	where, args := setWhere(set)
	if _, err := db.db.ExecContext(ctx, `DELETE FROM documents WHERE `+where, args...); err != nil {
		return dbError(err, "delete documents")
	}
	return nil
}
