package storetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/lib/pq"
)

// ReportSet is what GenerateReportData stored.
type ReportSet struct {
	Learners, Statements, Completed, Failed int
	// LearnerID is a learner who completed the module, for the learner
	// report.
	LearnerID string
}

// GenerateReportData stores the report data set (reportdata.go) in the
// migrated, empty PostgreSQL database db: learners learners of
// SampleModule and exactly statements statements, with their
// registrations, object states and certificates, in one transaction with
// COPY, then ANALYZE, so that the planner knows the tables as a server
// that has run for months would.
func GenerateReportData(ctx context.Context, db *sql.DB, learners, statements int) (ReportSet, error) {
	d, err := generateReportData(SampleModule(), learners, statements)
	if err != nil {
		return ReportSet{}, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return ReportSet{}, err
	}
	defer tx.Rollback()
	for _, t := range d.tables() {
		if err := copyRows(ctx, tx, t.name, t.columns, t.rows); err != nil {
			return ReportSet{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return ReportSet{}, err
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		return ReportSet{}, err
	}
	set := ReportSet{Learners: len(d.learners), Statements: len(d.statements), LearnerID: d.certificates[0].LearnerID}
	for _, r := range d.registrations {
		switch {
		case r.CompletedAt != nil:
			set.Completed++
		case r.FailedAt != nil:
			set.Failed++
		}
	}
	return set, nil
}

// table is one table's rows as COPY takes them.
type table struct {
	name    string
	columns []string
	rows    [][]any
}

func (d *reportData) tables() []table {
	m := SampleModule()
	ls := table{"learners", []string{"id", "name", "email", "created_at", "updated_at"}, nil}
	for i, l := range d.learners {
		at := d.registrations[i].StartedAt
		ls.rows = append(ls.rows, []any{l.ID, l.Name, l.Email, at, at})
	}
	rs := table{"registrations", []string{"id", "learner_id", "module_id", "current_object", "started_at", "updated_at",
		"completed_at", "started_version", "completed_version", "failed_at"}, nil}
	for _, r := range d.registrations {
		rs.rows = append(rs.rows, []any{r.ID, r.LearnerID, m.ID, r.CurrentObject, r.StartedAt, r.UpdatedAt,
			r.CompletedAt, m.Version, r.CompletedVers, r.FailedAt})
	}
	os := table{"object_states", []string{"registration_id", "object_id", "completed", "success", "scaled", "version", "updated_at"}, nil}
	for _, s := range d.states {
		os.rows = append(os.rows, []any{s.RegistrationID, s.ObjectID, s.Completed, s.Success, s.Scaled, 1, s.UpdatedAt})
	}
	cs := table{"certificates", []string{"code_sha256", "code", "registration_id", "learner_id", "learner_name", "module_id",
		"module_title", "module_version", "ce_hours", "completed_at", "issued_at"}, nil}
	for _, c := range d.certificates {
		cs.rows = append(cs.rows, []any{"sha-" + c.Code, c.Code, c.RegistrationID, c.LearnerID, c.LearnerName, m.ID,
			m.Title, m.Version, m.CEHours, c.CompletedAt, c.CompletedAt})
	}
	ss := table{"statements", []string{"id", "statement", "actor_ifi", "verb_id", "object_id", "registration", "stored",
		"timestamp", "activities", "related_agents"}, nil}
	for _, s := range d.statements {
		doc, _ := json.Marshal(s.Doc) // maps of strings, numbers and bools: cannot fail
		activities := []string{s.Object, "https://w3id.org/xapi/cmi5/v1.0"}
		if module := ReportHome + "/modules/" + m.ID; s.Object != module {
			activities = append(activities, module) // the parent
		}
		ss.rows = append(ss.rows, []any{s.ID, string(doc), s.Actor, s.Verb, s.Object, s.Registration, s.At, s.At,
			pq.Array(activities),
			pq.Array([]string{"a:account::" + ReportHome + "|lode engine"})})
	}
	return []table{ls, rs, os, cs, ss}
}

// copyRows copies rows into name's columns.
func copyRows(ctx context.Context, tx *sql.Tx, name string, columns []string, rows [][]any) error {
	cp, err := tx.PrepareContext(ctx, pq.CopyIn(name, columns...))
	if err != nil {
		return fmt.Errorf("copy into %s: %w", name, err)
	}
	defer cp.Close()
	for _, r := range rows {
		if _, err := cp.ExecContext(ctx, r...); err != nil {
			return fmt.Errorf("copy into %s: %w", name, err)
		}
	}
	if _, err := cp.ExecContext(ctx); err != nil {
		return fmt.Errorf("copy into %s: %w", name, err)
	}
	return nil
}
