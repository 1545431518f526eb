package postgres

import (
	"context"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
)

// The COPY path of large batches (storeStatements chooses it).

// copyMin is the smallest batch stored with COPY rather than INSERT: COPY
// costs a few more round trips (the check of stored ids, the data, its
// end) and saves the planning of a long INSERT and the evaluation of its
// rows. Through StoreStatements, COPY stored 1.07 and 1.08 times the
// statements per second of the multi-row INSERT at 10 and 15 (noise),
// 1.67 at 20, 1.90 at 25 and 2.4 at 50 and 100 (BenchmarkStoreBatch,
// docs/PERFORMANCE.md, "Hand-written code, measured"): below 20 it does
// not pay for the retry its unique violations need (storeBatch).
const copyMin = 20

// knownSQL tells, for each of the ids $1, whether it is stored and whether
// a stored voiding statement targets it.
const knownSQL = `SELECT u.id,
		EXISTS (SELECT 1 FROM statements s WHERE s.id = u.id) AS taken,
		EXISTS (SELECT 1 FROM statements v WHERE v.ref_id = u.id AND v.verb_id = $2) AS voided
	FROM unnest($1::uuid[]) AS u (id)`

// copyStatements stores a batch with COPY, which cannot skip ids already
// taken: it first asks which ids are stored, and which are targeted by a
// stored voiding statement, and copies the others, then checks the rest
// as insertStatements does. A concurrent writer storing one of the ids
// meanwhile makes the COPY fail with a unique violation.
func (db *DB) copyStatements(ctx context.Context, tx *sqlx.Tx, stmts []pending) error {
	ids := make([]string, len(stmts))
	for i, p := range stmts {
		ids[i] = p.ID
	}
	var rows []struct {
		ID     string `db:"id"`
		Taken  bool   `db:"taken"`
		Voided bool   `db:"voided"`
	}
	if err := tx.SelectContext(ctx, &rows, knownSQL, pq.Array(ids), voidedVerb); err != nil {
		return dbError(err, "read stored statements")
	}
	taken, voided := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		taken[r.ID], voided[r.ID] = r.Taken, r.Voided
	}
	cp, err := tx.PrepareContext(ctx, `COPY statements (`+insertColumns+`) FROM STDIN`)
	if err != nil {
		return dbError(err, "store statements")
	}
	defer cp.Close()
	var check []int
	for i, p := range stmts {
		if taken[p.ID] {
			check = append(check, i)
			continue
		}
		taken[p.ID] = true
		_, err := cp.ExecContext(ctx, rowArgs(p, p.Voids == "" && voided[p.ID])...)
		if err != nil {
			return dbError(err, "store statements")
		}
	}
	if _, err := cp.ExecContext(ctx); err != nil {
		return dbError(err, "store statements")
	}
	if err := sameAsStored(ctx, tx, stmts, check); err != nil {
		return err
	}
	return voidTargets(ctx, tx, stmts)
}

// uniqueViolation reports whether err is (or wraps) a unique violation.
func uniqueViolation(err error) bool { return pq.As(err, pqerror.UniqueViolation) != nil }
