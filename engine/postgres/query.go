package postgres

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/xapi"
)

// Page sizes of Statements.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// Statement returns one statement by id; ENOTFOUND if absent.
func (db *DB) Statement(ctx context.Context, id string) (*xapi.Statement, error) {
	if !xapi.IsUUID(id) {
		return nil, engine.Errorf(engine.ENOTFOUND, "statement %s not found", id)
	}
	var doc string
	err := db.db.GetContext(ctx, &doc, `SELECT statement FROM statements WHERE id = $1`, id)
	if notFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "statement %s not found", id)
	} else if err != nil {
		return nil, dbError(err, "read statement "+id)
	}
	return decodeStatement(doc)
}

func decodeStatement(doc string) (*xapi.Statement, error) {
	var st xapi.Statement
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		return nil, &engine.Error{Code: engine.EINTERNAL, Message: "postgres: a stored statement is not valid", Err: err}
	}
	return &st, nil
}

type pageRow struct {
	Seq       int64     `db:"seq"`
	Statement string    `db:"statement"`
	Stored    time.Time `db:"stored"`
}

// Statements returns the statements matching f, newest stored first unless
// f.Ascending, at most f.Limit (default 100, at most 1000) of them, and the
// cursor of the next page, "" when there is none. Statements stored at the
// same instant come in the order they were stored, so pages neither skip nor
// repeat. EINVALID for a negative limit, a registration that is not a UUID,
// or a cursor that is not from a listing in the same order.
func (db *DB) Statements(ctx context.Context, f engine.StatementFilter) ([]xapi.Statement, string, error) {
	limit, err := pageLimit(f.Limit)
	if err != nil {
		return nil, "", err
	}
	where, args, err := statementWhere(f)
	if err != nil {
		return nil, "", err
	}
	order := "DESC"
	if f.Ascending {
		order = "ASC"
	}
	args = append(args, limit+1)
	q := `SELECT seq, statement, stored FROM statements` + where +
		` ORDER BY stored ` + order + `, seq ` + order + fmt.Sprintf(` LIMIT $%d`, len(args))
	var rows []pageRow
	if err := db.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, "", dbError(err, "query statements")
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		next = cursor{asc: f.Ascending, stored: last.Stored.UnixMicro(), seq: last.Seq}.String()
	}
	out := make([]xapi.Statement, len(rows))
	for i := range rows {
		st, err := decodeStatement(rows[i].Statement)
		if err != nil {
			return nil, "", err
		}
		out[i] = *st
	}
	return out, next, nil
}

func pageLimit(n int) (int, error) {
	switch {
	case n < 0:
		return 0, engine.FieldError("limit", "%d is negative", n)
	case n == 0:
		return defaultLimit, nil
	}
	return min(n, maxLimit), nil
}

// statementWhere returns the WHERE clause selecting f's statements after its
// cursor, and its arguments.
//
// Stored times are whole microseconds, so rounding since and until down to
// the microsecond selects exactly the statements stored after since and not
// after until.
func statementWhere(f engine.StatementFilter) (string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, arg ...any) {
		for _, a := range arg {
			args = append(args, a)
			cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(args)), 1)
		}
		conds = append(conds, cond)
	}
	if f.Agent != "" {
		add("actor_ifi = ?", f.Agent)
	}
	if f.Verb != "" {
		add("verb_id = ?", f.Verb)
	}
	if f.Activity != "" {
		add("object_id = ?", f.Activity)
	}
	if f.Registration != "" {
		if !xapi.IsUUID(f.Registration) {
			return "", nil, engine.FieldError("registration", "%q is not a UUID", f.Registration)
		}
		add("registration = ?", f.Registration)
	}
	if f.Since != nil {
		add("stored > ?", pgTime(*f.Since))
	}
	if f.Until != nil {
		add("stored <= ?", pgTime(*f.Until))
	}
	if f.Cursor != "" {
		c, err := parseCursor(f.Cursor, f.Ascending)
		if err != nil {
			return "", nil, err
		}
		at := time.UnixMicro(c.stored).UTC()
		if f.Ascending {
			add("(stored, seq) > (?, ?)", at, c.seq)
		} else {
			add("(stored, seq) < (?, ?)", at, c.seq)
		}
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// cursor is the position after the last statement of a page: its stored
// time in Unix microseconds and sequence number, and the order of the
// listing.
type cursor struct {
	asc    bool
	stored int64
	seq    int64
}

func (c cursor) String() string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s.%d.%d", direction(c.asc), c.stored, c.seq))
}

func direction(asc bool) string {
	if asc {
		return "a"
	}
	return "d"
}

func parseCursor(s string, asc bool) (cursor, error) {
	bad := engine.FieldError("cursor", "is not a cursor from a previous page of this listing")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, bad
	}
	parts := strings.Split(string(b), ".")
	if len(parts) != 3 || parts[0] != direction(asc) {
		return cursor{}, bad
	}
	c := cursor{asc: asc}
	if c.stored, err = strconv.ParseInt(parts[1], 10, 64); err != nil {
		return cursor{}, bad
	}
	if c.seq, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
		return cursor{}, bad
	}
	return c, nil
}
