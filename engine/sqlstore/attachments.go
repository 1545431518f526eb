package sqlstore

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

// StoreAttachments stores attachment contents by SHA-256, in one
// transaction; content already stored is kept. EINVALID if a SHA2 is not
// the SHA-256 of its content (lrs.CheckAttachments).
func (s *Store) StoreAttachments(ctx context.Context, atts []lrs.Attachment) error {
	if err := lrs.CheckAttachments(atts); err != nil || len(atts) == 0 {
		return err
	}
	at := s.d.Time(s.stamp())
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `INSERT INTO attachments (sha2, content, created_at) VALUES (?, ?, ?) ON CONFLICT (sha2) DO NOTHING`
		for _, a := range atts {
			if _, err := tx.ExecContext(ctx, tx.Rebind(q), strings.ToLower(a.SHA2), a.Content, at); err != nil {
				return s.d.Error(err, "store attachment "+a.SHA2)
			}
		}
		return nil
	})
}

// Attachments returns the stored contents with the given hashes; hashes
// not stored are left out.
func (s *Store) Attachments(ctx context.Context, sha2s []string) ([]lrs.Attachment, error) {
	if len(sha2s) == 0 {
		return nil, nil
	}
	keys := make([]string, len(sha2s))
	for i, h := range sha2s {
		keys[i] = strings.ToLower(h)
	}
	q, args, err := sqlx.In(`SELECT sha2, content FROM attachments WHERE sha2 IN (?)`, keys)
	if err != nil {
		return nil, &engine.Error{Code: engine.EINTERNAL, Message: "cannot build the attachments query", Err: err}
	}
	var rows []struct {
		SHA2    string `db:"sha2"`
		Content []byte `db:"content"`
	}
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), args...); err != nil {
		return nil, s.d.Error(err, "read attachments")
	}
	out := make([]lrs.Attachment, len(rows))
	for i, r := range rows {
		out[i] = lrs.Attachment{SHA2: r.SHA2, Content: r.Content}
	}
	return out, nil
}
