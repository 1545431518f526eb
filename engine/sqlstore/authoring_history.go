package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
)

type revisionRow struct {
	ModuleID string `db:"module_id"`
	Revision int    `db:"revision"`
	Action   string `db:"action"`
	State    string `db:"state"`
	Files    string `db:"files"`
	Author   string `db:"author"`
	At       Time   `db:"at"`
}

// Revisions lists a draft's revisions without files, newest first.
func (s *Store) Revisions(ctx context.Context, moduleID string) ([]authoring.Revision, error) {
	var rows []revisionRow
	const q = `SELECT module_id, revision, action, state, '' AS files, author, at FROM draft_revisions WHERE module_id = ? ORDER BY revision DESC`
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), moduleID); err != nil {
		return nil, s.d.Error(err, "list revisions of draft "+moduleID)
	}
	out := make([]authoring.Revision, len(rows))
	for i, r := range rows {
		out[i] = authoring.Revision{ModuleID: r.ModuleID, Revision: r.Revision, Action: r.Action, State: authoring.State(r.State), Author: r.Author, At: r.At.Time}
	}
	return out, nil
}

// Revision returns one revision with its files; ENOTFOUND if absent.
func (s *Store) Revision(ctx context.Context, moduleID string, n int) (*authoring.Revision, error) {
	var r revisionRow
	const q = `SELECT module_id, revision, action, state, files, author, at FROM draft_revisions WHERE module_id = ? AND revision = ?`
	if err := s.read.GetContext(ctx, &r, s.read.Rebind(q), moduleID, n); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "draft %q has no revision %d", moduleID, n)
	} else if err != nil {
		return nil, s.d.Error(err, "read revision")
	}
	out := &authoring.Revision{ModuleID: r.ModuleID, Revision: r.Revision, Action: r.Action, State: authoring.State(r.State), Author: r.Author, At: r.At.Time}
	if err := json.Unmarshal([]byte(r.Files), &out.Files); err != nil {
		return nil, engine.Errorf(engine.EINTERNAL, "draft %s revision %d: files: %v", moduleID, n, err)
	}
	return out, nil
}

type commentRow struct {
	ID       int64  `db:"id"`
	ModuleID string `db:"module_id"`
	Revision int    `db:"revision"`
	Author   string `db:"author"`
	At       Time   `db:"at"`
	Body     string `db:"body"`
}

// AddComment stores c and sets its ID; ENOTFOUND if the draft is absent.
func (s *Store) AddComment(ctx context.Context, c *authoring.Comment) error {
	if _, err := s.Draft(ctx, c.ModuleID); err != nil {
		return err
	}
	const q = `INSERT INTO draft_comments (module_id, revision, author, at, body) VALUES (?, ?, ?, ?, ?) RETURNING id`
	if err := s.write.GetContext(ctx, &c.ID, s.write.Rebind(q), c.ModuleID, c.Revision, c.Author, s.d.Time(Round(c.At)), c.Body); err != nil {
		return s.d.Error(err, "add a comment to draft "+c.ModuleID)
	}
	return nil
}

// Comments lists a draft's comments, oldest first.
func (s *Store) Comments(ctx context.Context, moduleID string) ([]authoring.Comment, error) {
	var rows []commentRow
	const q = `SELECT id, module_id, revision, author, at, body FROM draft_comments WHERE module_id = ? ORDER BY id`
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), moduleID); err != nil {
		return nil, s.d.Error(err, "list comments of draft "+moduleID)
	}
	out := make([]authoring.Comment, len(rows))
	for i, r := range rows {
		out[i] = authoring.Comment{ID: r.ID, ModuleID: r.ModuleID, Revision: r.Revision, Author: r.Author, At: r.At.Time, Body: r.Body}
	}
	return out, nil
}

// SetGrant gives or (role "") takes away a role on a module, with e.
func (s *Store) SetGrant(ctx context.Context, g authoring.Grant, e *admin.Entry) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.setGrant(ctx, tx, g); err != nil {
			return err
		}
		return s.audit(ctx, tx, e)
	})
}

func (s *Store) setGrant(ctx context.Context, tx *sqlx.Tx, g authoring.Grant) error {
	q, args := `DELETE FROM module_roles WHERE email = ? AND module_id = ?`, []any{g.Email, g.ModuleID}
	if g.Role != "" {
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT count(*) FROM administrators WHERE email = ?`), g.Email); err != nil {
			return s.d.Error(err, "read administrator")
		}
		if n == 0 {
			return engine.FieldError("email", "%s is not an administrator, author or reviewer of this site", g.Email)
		}
		q = `INSERT INTO module_roles (email, module_id, role) VALUES (?, ?, ?) ON CONFLICT (email, module_id) DO UPDATE SET role = excluded.role`
		args = append(args, string(g.Role))
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
		return s.d.Error(err, "grant a role on module "+g.ModuleID)
	}
	return nil
}

// Grants lists the grants on a module, by email.
func (s *Store) Grants(ctx context.Context, moduleID string) ([]authoring.Grant, error) {
	var rows []struct {
		Email string `db:"email"`
		Role  string `db:"role"`
	}
	const q = `SELECT email, role FROM module_roles WHERE module_id = ? ORDER BY email`
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), moduleID); err != nil {
		return nil, s.d.Error(err, "list roles on module "+moduleID)
	}
	out := make([]authoring.Grant, len(rows))
	for i, r := range rows {
		out[i] = authoring.Grant{Email: r.Email, ModuleID: moduleID, Role: admin.Role(r.Role)}
	}
	return out, nil
}

// GrantOf returns an administrator's role on a module; "" if none.
func (s *Store) GrantOf(ctx context.Context, email, moduleID string) (admin.Role, error) {
	var roles []string
	const q = `SELECT role FROM module_roles WHERE email = ? AND module_id = ?`
	if err := s.read.SelectContext(ctx, &roles, s.read.Rebind(q), email, moduleID); err != nil {
		return "", s.d.Error(err, "read role on module "+moduleID)
	}
	if len(roles) == 0 {
		return "", nil
	}
	return admin.Role(roles[0]), nil
}
