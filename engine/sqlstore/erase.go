package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// EraseLearner deletes a learner and everything about them in one
// transaction, as learning.PrivacyStore says, and records e. ENOTFOUND if
// there is no such learner.
func (s *Store) EraseLearner(ctx context.Context, e *learning.Erasure, actor string, void learning.VoidFunc) error {
	return s.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.learnerExists(ctx, tx, e.LearnerID); err != nil {
			return err
		}
		er := eraser{s: s, tx: tx, e: e, actor: actor}
		for _, step := range []func(context.Context) error{
			func(ctx context.Context) error { return er.voidDelivered(ctx, void) },
			er.statements, er.documents, er.progress, er.record,
		} {
			if err := step(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// eraser is one erasure's transaction and what it counted so far.
type eraser struct {
	s     *Store
	tx    *sqlx.Tx
	e     *learning.Erasure
	actor string
}

// exec runs q and returns how many rows it changed.
func (er *eraser) exec(ctx context.Context, doing, q string, args ...any) (int, error) {
	res, err := er.tx.ExecContext(ctx, er.tx.Rebind(q), args...)
	if err != nil {
		return 0, er.s.d.Error(err, doing)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, er.s.d.Error(err, doing)
	}
	return int(n), nil
}

// voidDelivered stores a voiding statement for each of the learner's
// statements a remote received, and queues it for those remotes alone
// (the outbox trigger queued it for every active one). A voiding
// statement is not voided: the remote would refuse it, as Lode does.
func (er *eraser) voidDelivered(ctx context.Context, void learning.VoidFunc) error {
	var ids []string
	const q = `SELECT DISTINCT d.statement_id FROM forward_delivered d JOIN statements s ON s.id = d.statement_id
		WHERE s.actor_ifi = ? AND s.verb_id <> ? ORDER BY d.statement_id`
	if err := er.tx.SelectContext(ctx, &ids, er.tx.Rebind(q), er.actor, xapi.VoidedVerb); err != nil {
		return er.s.d.Error(err, "read the erased statements delivered")
	}
	if len(ids) == 0 {
		return nil
	}
	voids, err := void(ids)
	if err != nil {
		return err
	}
	p, err := PendingStatements(voids)
	if err != nil {
		return err
	}
	if err := er.s.d.InsertStatements(ctx, er.tx, p); err != nil {
		return err
	}
	const unqueue = `DELETE FROM forward_outbox WHERE statement_id = ?`
	const queue = `INSERT INTO forward_outbox (target_id, statement_id, stored)
		SELECT d.target_id, v.id, v.stored FROM statements v JOIN forward_delivered d ON d.statement_id = v.ref_id
		WHERE v.id = ? ORDER BY d.target_id`
	for _, v := range p {
		if _, err := er.exec(ctx, "queue a voiding statement", unqueue, v.ID); err != nil {
			return err
		}
		n, err := er.exec(ctx, "queue a voiding statement", queue, v.ID)
		if err != nil {
			return err
		}
		er.e.Voided += n
	}
	return nil
}

// mine is the learner's statements, as a subquery whose argument is the
// actor's IFI.
const mine = `SELECT id FROM statements WHERE actor_ifi = ?`

// statements deletes the learner's statements, their outbox and delivery
// rows, and the attachment contents that no statement left uses.
func (er *eraser) statements(ctx context.Context) error {
	var docs []string
	if err := er.tx.SelectContext(ctx, &docs, er.tx.Rebind(`SELECT CAST(statement AS TEXT) FROM statements WHERE actor_ifi = ?`), er.actor); err != nil {
		return er.s.d.Error(err, "read the erased statements")
	}
	var err error
	if er.e.Dropped, err = er.exec(ctx, "unqueue the erased statements", `DELETE FROM forward_outbox WHERE statement_id IN (`+mine+`)`, er.actor); err != nil {
		return err
	}
	if _, err = er.exec(ctx, "erase the statements' deliveries", `DELETE FROM forward_delivered WHERE statement_id IN (`+mine+`)`, er.actor); err != nil {
		return err
	}
	if er.e.Statements, err = er.exec(ctx, "erase the statements", `DELETE FROM statements WHERE actor_ifi = ?`, er.actor); err != nil {
		return err
	}
	return er.attachments(ctx, docs)
}

// attachments deletes the contents the erased statements (docs) carried
// unless a statement left still names its hash. Finding those reads every
// statement, so it runs only for statements that had attachments, which
// Lode's own never have.
func (er *eraser) attachments(ctx context.Context, docs []string) error {
	seen := map[string]bool{}
	for _, doc := range docs {
		st, err := DecodeStatement(doc)
		if err != nil {
			return err
		}
		all := st.Attachments
		if st.Object.ObjectType == "SubStatement" {
			all = append(all[:len(all):len(all)], st.Object.Attachments...)
		}
		for _, a := range all {
			h := strings.ToLower(a.SHA2)
			if seen[h] {
				continue
			}
			seen[h] = true
			const q = `DELETE FROM attachments WHERE sha2 = ?
				AND NOT EXISTS (SELECT 1 FROM statements WHERE CAST(statement AS TEXT) LIKE ?)`
			n, err := er.exec(ctx, "erase an attachment", q, h, "%"+h+"%")
			if err != nil {
				return err
			}
			er.e.Attachments += n
		}
	}
	return nil
}

// documents deletes the State and Agent Profile documents about the learner.
func (er *eraser) documents(ctx context.Context) (err error) {
	er.e.Documents, err = er.exec(ctx, "erase the documents", `DELETE FROM documents WHERE agent_ifi = ?`, er.actor)
	return err
}

// progress deletes the learner's object states, registrations and row.
func (er *eraser) progress(ctx context.Context) (err error) {
	id := er.e.LearnerID
	const states = `DELETE FROM object_states WHERE registration_id IN (SELECT id FROM registrations WHERE learner_id = ?)`
	if er.e.ObjectStates, err = er.exec(ctx, "erase the object states", states, id); err != nil {
		return err
	}
	if er.e.Registrations, err = er.exec(ctx, "erase the registrations", `DELETE FROM registrations WHERE learner_id = ?`, id); err != nil {
		return err
	}
	// Sign-in links hold the email: those sent to it go with the learner.
	const links = `DELETE FROM sign_in_tokens WHERE lower(email) = (SELECT lower(email) FROM learners WHERE id = ? AND email <> '')`
	if _, err = er.exec(ctx, "erase the sign-in links", links, id); err != nil {
		return err
	}
	n, err := er.exec(ctx, "erase the learner", `DELETE FROM learners WHERE id = ?`, id)
	if err == nil && n == 0 {
		// Another server's sweep erased them since this transaction
		// began (PostgreSQL, read committed): let that erasure be the one.
		return engine.Errorf(engine.ENOTFOUND, "learner %s not found", id)
	}
	return err
}

// record keeps the erasure: the learner id, when, why and the counts.
func (er *eraser) record(ctx context.Context) error {
	e := er.e
	e.ErasedAt = Round(e.ErasedAt)
	if e.ErasedAt.IsZero() {
		e.ErasedAt = er.s.stamp()
	}
	const q = `INSERT INTO erasures (learner_id, reason, erased_at, registrations, object_states, statements,
		documents, attachments, voided, dropped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err := er.exec(ctx, "record the erasure", q, e.LearnerID, e.Reason, er.s.d.Time(e.ErasedAt), e.Registrations,
		e.ObjectStates, e.Statements, e.Documents, e.Attachments, e.Voided, e.Dropped)
	return err
}

// InactiveLearners returns up to limit ids of learners without an email
// whose last activity was before t, oldest first (learning.PrivacyStore).
func (s *Store) InactiveLearners(ctx context.Context, t time.Time, actorPrefix string, limit int) ([]string, error) {
	at := s.d.Time(Round(t))
	const q = `SELECT l.id FROM learners l
		WHERE l.email = '' AND l.created_at < ? AND l.updated_at < ?
		AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.learner_id = l.id
			AND (r.updated_at >= ? OR r.completed_at >= ?))
		AND NOT EXISTS (SELECT 1 FROM object_states o JOIN registrations r ON r.id = o.registration_id
			WHERE r.learner_id = l.id AND o.updated_at >= ?)
		AND NOT EXISTS (SELECT 1 FROM statements st WHERE st.actor_ifi = CAST(? AS TEXT) || l.id AND st.stored >= ?)
		ORDER BY l.created_at, l.id LIMIT ?`
	var ids []string
	if err := s.read.SelectContext(ctx, &ids, s.read.Rebind(q), at, at, at, at, at, actorPrefix, at, limit); err != nil {
		return nil, s.d.Error(err, "find inactive learners")
	}
	return ids, nil
}

// LearnersByEmail returns the ids of the learners with email, in any case,
// oldest first.
func (s *Store) LearnersByEmail(ctx context.Context, email string) ([]string, error) {
	var ids []string
	const q = `SELECT id FROM learners WHERE lower(email) = lower(?) AND email <> '' ORDER BY created_at, id`
	if err := s.read.SelectContext(ctx, &ids, s.read.Rebind(q), email); err != nil {
		return nil, s.d.Error(err, "find learners by email")
	}
	return ids, nil
}

var _ learning.PrivacyStore = (*Store)(nil)
