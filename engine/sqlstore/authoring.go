package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
)

type draftRow struct {
	ModuleID  string `db:"module_id"`
	Revision  int    `db:"revision"`
	State     string `db:"state"`
	Files     string `db:"files"`
	UpdatedBy string `db:"updated_by"`
	UpdatedAt Time   `db:"updated_at"`
}

func (r draftRow) draft() (*authoring.Draft, error) {
	d := &authoring.Draft{ModuleID: r.ModuleID, Revision: r.Revision, State: authoring.State(r.State), UpdatedBy: r.UpdatedBy, UpdatedAt: r.UpdatedAt.Time}
	if r.Files != "" {
		if err := json.Unmarshal([]byte(r.Files), &d.Files); err != nil {
			return nil, engine.Errorf(engine.EINTERNAL, "draft %s: files: %v", r.ModuleID, err)
		}
	}
	return d, nil
}

// filesJSON is how a draft's files are kept: a JSON object of path to
// base64 bytes, so media and text share one column.
func filesJSON(f authoring.Files) string {
	b, _ := json.Marshal(f) // a map of byte slices always marshals
	return string(b)
}

// CreateDraft stores d as revision 1, the grant g (if any) and e in one
// transaction; ECONFLICT if the module has a draft.
func (s *Store) CreateDraft(ctx context.Context, d *authoring.Draft, g *authoring.Grant, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `INSERT INTO drafts (module_id, revision, state, files, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (module_id) DO NOTHING`
		res, err := tx.ExecContext(ctx, tx.Rebind(q), d.ModuleID, d.Revision, string(d.State), filesJSON(d.Files), d.UpdatedBy, s.d.Time(Round(d.UpdatedAt)))
		if err != nil {
			return s.d.Error(err, "create draft "+d.ModuleID)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.d.Error(err, "create draft "+d.ModuleID)
		} else if n == 0 {
			return engine.Errorf(engine.ECONFLICT, "module %q has a draft already: open it from the list of drafts", d.ModuleID)
		}
		if err := s.addRevision(ctx, tx, d, "create"); err != nil {
			return err
		}
		if g != nil {
			if err := s.setGrant(ctx, tx, *g); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, e)
	})
}

func (s *Store) addRevision(ctx context.Context, tx *sqlx.Tx, d *authoring.Draft, action string) error {
	const q = `INSERT INTO draft_revisions (module_id, revision, action, state, files, author, at) VALUES (?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, tx.Rebind(q), d.ModuleID, d.Revision, action, string(d.State), filesJSON(d.Files), d.UpdatedBy, s.d.Time(Round(d.UpdatedAt))); err != nil {
		return s.d.Error(err, "record revision of draft "+d.ModuleID)
	}
	return nil
}

// Draft returns one draft with its files; ENOTFOUND if absent.
func (s *Store) Draft(ctx context.Context, moduleID string) (*authoring.Draft, error) {
	return s.draft(ctx, s.read, moduleID)
}

func (s *Store) draft(ctx context.Context, db sqlx.QueryerContext, moduleID string) (*authoring.Draft, error) {
	var row draftRow
	const q = `SELECT module_id, revision, state, files, updated_by, updated_at FROM drafts WHERE module_id = ?`
	if err := sqlx.GetContext(ctx, db, &row, s.read.Rebind(q), moduleID); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "module %q has no draft", moduleID)
	} else if err != nil {
		return nil, s.d.Error(err, "read draft")
	}
	return row.draft()
}

// Drafts returns every draft without its files, by module id.
func (s *Store) Drafts(ctx context.Context) ([]authoring.Draft, error) {
	var rows []draftRow
	const q = `SELECT module_id, revision, state, '' AS files, updated_by, updated_at FROM drafts ORDER BY module_id`
	if err := s.read.SelectContext(ctx, &rows, q); err != nil {
		return nil, s.d.Error(err, "list drafts")
	}
	out := make([]authoring.Draft, len(rows))
	for i, r := range rows {
		d, _ := r.draft() // no files to decode
		out[i] = *d
	}
	return out, nil
}

// CommitDraft stores d as the revision after from, with its revision row
// and e, only if the draft is still at from: the UPDATE's condition is the
// check, so two saves from one revision cannot both pass it. ECONFLICT
// (authoring.StaleError) otherwise.
func (s *Store) CommitDraft(ctx context.Context, d *authoring.Draft, from int, action string, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		const q = `UPDATE drafts SET revision = ?, state = ?, files = ?, updated_by = ?, updated_at = ? WHERE module_id = ? AND revision = ?`
		res, err := tx.ExecContext(ctx, tx.Rebind(q), from+1, string(d.State), filesJSON(d.Files), d.UpdatedBy, s.d.Time(Round(d.UpdatedAt)), d.ModuleID, from)
		if err != nil {
			return s.d.Error(err, "save draft "+d.ModuleID)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.d.Error(err, "save draft "+d.ModuleID)
		} else if n == 0 {
			current, err := s.draft(ctx, tx, d.ModuleID)
			if err != nil {
				return err
			}
			return authoring.StaleError(current)
		}
		d.Revision = from + 1
		if err := s.addRevision(ctx, tx, d, action); err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		return s.audit(ctx, tx, e)
	})
}
