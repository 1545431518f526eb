package sqlstore

import (
	"time"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// PageRow is a listed statement and where it stands in the listing: each
// database's Statements query selects these columns.
type PageRow struct {
	Seq       int64  `db:"seq"`
	Statement []byte `db:"statement"`
	Stored    Time   `db:"stored"`
}

// PageLimit checks f and returns how many statements its page holds (see
// lrs.PageLimit); the query reads one more, to know if a next page exists.
func PageLimit(f lrs.StatementFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	return lrs.PageLimit(f.Limit)
}

// Page turns rows, read with a limit of limit+1, into a page of at most
// limit stored statements and the cursor of the next page, "" if there is
// none. at is a stored time as the database's cursor holds it.
func Page(rows []PageRow, limit int, asc bool, at func(time.Time) int64) ([]lrs.StoredStatement, string) {
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		next = lrs.Cursor{Asc: asc, Stored: at(last.Stored.Time), Seq: last.Seq}.String()
	}
	out := make([]lrs.StoredStatement, len(rows))
	for i := range rows {
		out[i] = lrs.StoredStatement{Doc: lrs.Compact(rows[i].Statement), Stored: rows[i].Stored.Time}
	}
	return out, next
}

// DecodePage decodes the statements of a page read by StatementDocs, for
// Statements: DecodePage(db.StatementDocs(ctx, f)).
func DecodePage(docs []lrs.StoredStatement, next string, err error) ([]xapi.Statement, string, error) {
	if err != nil {
		return nil, "", err
	}
	out := make([]xapi.Statement, len(docs))
	for i := range docs {
		if err := decode(docs[i].Doc, &out[i]); err != nil {
			return nil, "", err
		}
	}
	return out, next, nil
}
