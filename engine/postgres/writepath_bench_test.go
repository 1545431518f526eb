package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// The benchmarks in this file measure, for issue 9, what the store's
// hand-written write paths buy over database/sql's plain ones: a statement
// prepared once and reused against one sent unprepared or prepared per
// transaction, and, for batches, one INSERT per row, one multi-row INSERT
// and COPY. They use a scratch table of statement-shaped rows in a database
// of their own, not the store, so that they measure the mechanisms alone
// (docs/PERFORMANCE.md, "Hand-written code, measured").

// scratchTable is shaped like the statements table: a 1.5 KB jsonb
// document, the columns queries filter on, and one secondary index.
const scratchTable = `CREATE TABLE wp (
	id uuid PRIMARY KEY,
	statement jsonb NOT NULL,
	actor_ifi text NOT NULL,
	verb_id text NOT NULL,
	object_id text,
	registration uuid,
	stored timestamptz NOT NULL
);
CREATE INDEX wp_actor_object ON wp (actor_ifi, object_id, stored)`

const wpColumns = 7

// insertRowsSQL is the store's shape of INSERT for n rows: parameters
// cast in a VALUES list, ON CONFLICT DO NOTHING, the ids inserted back.
func insertRowsSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO wp (id, statement, actor_ifi, verb_id, object_id, registration, stored)
		SELECT id, statement, actor_ifi, verb_id, object_id, registration, stored FROM (VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		k := wpColumns * i
		fmt.Fprintf(&b, "($%d::uuid, $%d::jsonb, $%d, $%d, $%d, $%d::uuid, $%d::timestamptz)", k+1, k+2, k+3, k+4, k+5, k+6, k+7)
	}
	b.WriteString(`) AS r (id, statement, actor_ifi, verb_id, object_id, registration, stored)
		ON CONFLICT (id) DO NOTHING RETURNING id`)
	return b.String()
}

// wpRow is one statement-shaped row.
type wpRow struct {
	id, doc, actor, verb, object, reg, stored string
}

func (r wpRow) args() []any {
	return []any{r.id, r.doc, r.actor, r.verb, r.object, r.reg, r.stored}
}

func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// newRow returns a row with a fresh id and a ~1.5 KB quiz-answer document,
// one of 100 learners and 20 activities.
func newRow(i int) wpRow {
	id, reg := newUUID(), newUUID()
	actor := fmt.Sprintf("account::https://lode.example|learner-%03d", i%100)
	object := fmt.Sprintf("https://lode.example/modules/m1/objects/q%02d", i%20)
	stored := time.Now().UTC().Format(time.RFC3339Nano)
	doc := fmt.Sprintf(`{"id":%q,"actor":{"objectType":"Agent","name":"Learner %d","account":{"homePage":"https://lode.example","name":"learner-%03d"}},`+
		`"verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"answered"}},`+
		`"object":{"objectType":"Activity","id":%q,"definition":{"name":{"en-US":"Which catalog rule applies?"},`+
		`"description":{"en-US":"Choose every rule that applies to a printed monograph published after 2013."},`+
		`"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":"choice","correctResponsesPattern":["rda[,]isbd"],`+
		`"choices":[{"id":"rda","description":{"en-US":"Resource Description and Access"}},{"id":"aacr2","description":{"en-US":"Anglo-American Cataloguing Rules, 2nd edition"}},`+
		`{"id":"isbd","description":{"en-US":"International Standard Bibliographic Description"}},{"id":"dc","description":{"en-US":"Dublin Core"}}]}},`+
		`"result":{"score":{"scaled":0.5,"raw":1,"min":0,"max":2},"success":false,"completion":true,"response":"rda[,]aacr2","duration":"PT42.5S"},`+
		`"context":{"registration":%q,"platform":"Lode","language":"en-US","contextActivities":{"parent":[{"id":"https://lode.example/modules/m1","objectType":"Activity"}],`+
		`"grouping":[{"id":"https://lode.example/courses/cataloguing","objectType":"Activity"}],"category":[{"id":"https://w3id.org/xapi/cmi5/v1.0","objectType":"Activity"}]},`+
		`"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"7b7f2c4e-session"}},`+
		`"timestamp":%q,"stored":%q,"authority":{"objectType":"Agent","account":{"homePage":"https://lode.example","name":"lode"}},"version":"1.0.0"}`,
		id, i%100, i%100, object, reg, stored, stored)
	return wpRow{id, doc, actor, "http://adlnet.gov/expapi/verbs/answered", object, reg, stored}
}

// mustScratchDB creates a database with the scratch table on the server
// named by LODE_TEST_POSTGRES_URL (the benchmark is skipped without it),
// connects to it as the store does (binary_parameters=yes, 20
// connections) and drops it when the benchmark ends.
func mustScratchDB(b *testing.B) *sqlx.DB {
	b.Helper()
	base := os.Getenv("LODE_TEST_POSTGRES_URL")
	if base == "" {
		b.Skip("LODE_TEST_POSTGRES_URL is not set")
	}
	admin, err := sqlx.Open("postgres", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	name := "lode_writepath_" + strings.ToLower(rand.Text()[:10])
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		admin, err := sqlx.Open("postgres", base)
		if err == nil {
			_, err = admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`)
			admin.Close()
		}
		if err != nil {
			b.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Set("binary_parameters", "yes")
	u.RawQuery = q.Encode()
	db, err := sqlx.Open("postgres", u.String())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	if _, err := db.Exec(scratchTable); err != nil {
		b.Fatal(err)
	}
	return db
}

// truncate empties the table before a measurement, so that every variant
// starts from the same index size.
func truncate(b *testing.B, db *sqlx.DB) {
	b.Helper()
	if _, err := db.Exec(`TRUNCATE wp`); err != nil {
		b.Fatal(err)
	}
}

// reportRows adds rows/s, the figure the ratios are taken on.
func reportRows(b *testing.B, rowsPerOp int) {
	b.ReportMetric(float64(rowsPerOp*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWriteOne writes one row per operation through the store's
// one-row INSERT, five ways:
//
//   - prepared: a *sql.Stmt prepared once on the pool and reused
//     (database/sql prepares it once on each connection);
//   - unprepared: db.ExecContext with the same SQL (with
//     binary_parameters, Parse, Bind and Execute in one round trip);
//   - tx-stmt: in a transaction, tx.StmtContext of the pool's statement
//     (reuses the connection's prepared statement when it has one);
//   - tx-prepare: in a transaction, tx.PrepareContext each time;
//   - tx-unprepared: in a transaction, tx.ExecContext.
//
// Each serially and from 8 goroutines.
func BenchmarkWriteOne(b *testing.B) {
	db := mustScratchDB(b)
	ctx := context.Background()
	query := insertRowsSQL(1)
	prepared, err := db.PrepareContext(ctx, query)
	if err != nil {
		b.Fatal(err)
	}
	defer prepared.Close()
	inTx := func(do func(tx *sql.Tx, args []any) error) func([]any) error {
		return func(args []any) error {
			return withTx(ctx, db, func(tx *sql.Tx) error { return do(tx, args) })
		}
	}
	variants := []struct {
		name  string
		write func(args []any) error
	}{
		{"prepared", func(args []any) error { _, err := prepared.ExecContext(ctx, args...); return err }},
		{"unprepared", func(args []any) error { _, err := db.ExecContext(ctx, query, args...); return err }},
		{"tx-stmt", inTx(func(tx *sql.Tx, args []any) error {
			_, err := tx.StmtContext(ctx, prepared).ExecContext(ctx, args...)
			return err
		})},
		{"tx-prepare", inTx(func(tx *sql.Tx, args []any) error {
			st, err := tx.PrepareContext(ctx, query)
			if err != nil {
				return err
			}
			defer st.Close()
			_, err = st.ExecContext(ctx, args...)
			return err
		})},
		{"tx-unprepared", inTx(func(tx *sql.Tx, args []any) error { _, err := tx.ExecContext(ctx, query, args...); return err })},
	}
	for _, v := range variants {
		b.Run("serial/"+v.name, func(b *testing.B) {
			truncate(b, db)
			i := 0
			for b.Loop() {
				if err := v.write(newRow(i).args()); err != nil {
					b.Fatal(err)
				}
				i++
			}
			reportRows(b, 1)
		})
	}
	for _, v := range variants {
		b.Run("parallel8/"+v.name, func(b *testing.B) {
			truncate(b, db)
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					if err := v.write(newRow(i).args()); err != nil {
						b.Error(err)
						return
					}
					i++
				}
			})
			reportRows(b, 1)
		})
	}
}

// BenchmarkWriteBatch writes batches of 10, 25, 50 and 100 rows, each in
// one transaction:
//
//   - insert-per-row: one prepared one-row INSERT per row (tx.StmtContext);
//   - multirow-insert: one INSERT of n rows, unprepared, as the store
//     sends batches under copyMin and its fallback;
//   - copy: pq.CopyIn;
//   - copy+check: a query for the ids already stored, shaped like the
//     store's knownSQL, then COPY, as the store's COPY path does.
//
// The sizes between 10 and 100 place copyMin: the smallest batch for
// which copy+check beats multirow-insert.
func BenchmarkWriteBatch(b *testing.B) {
	db := mustScratchDB(b)
	ctx := context.Background()
	one, err := db.PrepareContext(ctx, insertRowsSQL(1))
	if err != nil {
		b.Fatal(err)
	}
	defer one.Close()
	copyRows := func(tx *sql.Tx, rows []wpRow) error {
		cp, err := tx.PrepareContext(ctx, pq.CopyIn("wp", "id", "statement", "actor_ifi", "verb_id", "object_id", "registration", "stored"))
		if err != nil {
			return err
		}
		defer cp.Close()
		for _, r := range rows {
			if _, err := cp.ExecContext(ctx, r.args()...); err != nil {
				return err
			}
		}
		_, err = cp.ExecContext(ctx)
		return err
	}
	variants := []struct {
		name  string
		write func(tx *sql.Tx, rows []wpRow) error
	}{
		{"insert-per-row", func(tx *sql.Tx, rows []wpRow) error {
			st := tx.StmtContext(ctx, one)
			for _, r := range rows {
				if _, err := st.ExecContext(ctx, r.args()...); err != nil {
					return err
				}
			}
			return nil
		}},
		{"multirow-insert", func(tx *sql.Tx, rows []wpRow) error {
			args := make([]any, 0, wpColumns*len(rows))
			for _, r := range rows {
				args = append(args, r.args()...)
			}
			_, err := tx.ExecContext(ctx, insertRowsSQL(len(rows)), args...)
			return err
		}},
		{"copy", copyRows},
		{"copy+check", func(tx *sql.Tx, rows []wpRow) error {
			ids := make([]string, len(rows))
			for i, r := range rows {
				ids[i] = r.id
			}
			const known = `SELECT u.id, EXISTS (SELECT 1 FROM wp WHERE wp.id = u.id) AS taken
				FROM unnest($1::uuid[]) AS u (id)`
			res, err := tx.QueryContext(ctx, known, pq.Array(ids))
			if err != nil {
				return err
			}
			defer res.Close()
			taken := map[string]bool{}
			for res.Next() {
				var id string
				var t bool
				if err := res.Scan(&id, &t); err != nil {
					return err
				}
				taken[id] = t
			}
			if err := res.Err(); err != nil {
				return err
			}
			return copyRows(tx, rows)
		}},
	}
	for _, n := range []int{10, 25, 50, 100} {
		for _, v := range variants {
			b.Run(fmt.Sprintf("rows%d/%s", n, v.name), func(b *testing.B) {
				truncate(b, db)
				rows := make([]wpRow, n)
				k := 0
				for b.Loop() {
					// Making the rows costs a few µs each, alike in
					// every variant.
					for i := range rows {
						rows[i] = newRow(k)
						k++
					}
					if err := withTx(ctx, db, func(tx *sql.Tx) error { return v.write(tx, rows) }); err != nil {
						b.Fatal(err)
					}
				}
				reportRows(b, n)
			})
		}
	}
}

// withTx runs write in a transaction and commits it.
func withTx(ctx context.Context, db *sqlx.DB, write func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := write(tx); err != nil {
		return err
	}
	return tx.Commit()
}
