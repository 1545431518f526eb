package postgres

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/storetest"
)

// The seeded database: seedStatements statements by seedLearners learners,
// each about one of seedActivities activities (10 modules of 2 objects), so
// that every learner has seedPerPair statements about each activity.
const (
	seedStatements = 1_000_000
	seedLearners   = 1_000
	seedActivities = 20
	seedPerPair    = seedStatements / seedLearners / seedActivities
	seedChunk      = 100_000
	keptBenchDB    = "lode_bench_1m"
)

// seedPair returns an agent IFI and an activity that has seedPerPair
// statements in the seeded database.
func seedPair(rng *rand.Rand) (agent, activity string) {
	l, a := rng.IntN(seedLearners), rng.IntN(seedActivities)
	return fmt.Sprintf("account::%s|learner-%d", benchHome, l),
		fmt.Sprintf("%s/modules/m-%d/objects/o-%d", benchHome, a/2, a%2)
}

// benchDB1M returns a database holding the seeded million statements. It
// is made for the benchmark and dropped after it, or, with
// LODE_BENCH_KEEP_DB set, kept as lode_bench_1m (or LODE_BENCH_DB, for a
// seeded database of one's own beside others') and reused by later runs.
func benchDB1M(b *testing.B) *DB {
	b.Helper()
	base := storetest.PostgresURL(b)
	name, keep := keptBenchDB, os.Getenv("LODE_BENCH_KEEP_DB") != ""
	if own := os.Getenv("LODE_BENCH_DB"); own != "" {
		name = own
	}
	if !keep {
		name = "lode_bench_" + strings.ToLower(crand.Text()[:12])
	}
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	if !keep || !databaseExists(b, base, name) {
		if _, err := storetest.CreatePostgresDatabase(b.Context(), base, name); err != nil {
			b.Fatal(err)
		}
	}
	if !keep {
		b.Cleanup(func() {
			if err := storetest.DropPostgresDatabase(context.Background(), base, name); err != nil {
				b.Error(err)
			}
		})
	}
	db, err := Open(b.Context(), u.String())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	if !seeded(b, db) {
		seed(b, db)
	}
	warm(b, db)
	return db
}

// warm reads the statements table into the operating system's cache, as a
// server's working set is: the benchmark measures the query, not the disk
// of whichever pages a previous run happened not to read. Without the
// pg_prewarm extension (PostgreSQL's contrib) it says so and goes on.
func warm(b *testing.B, db *DB) {
	var pages int64
	err := db.db.GetContext(b.Context(), &pages, `SELECT pg_prewarm('statements', 'read')`)
	if err != nil {
		if _, cerr := db.db.ExecContext(b.Context(), `CREATE EXTENSION IF NOT EXISTS pg_prewarm`); cerr == nil {
			err = db.db.GetContext(b.Context(), &pages, `SELECT pg_prewarm('statements', 'read')`)
		}
	}
	if err != nil {
		b.Logf("statements not prewarmed (pg_prewarm: %v): the first queries read from disk", err)
		return
	}
	b.Logf("prewarmed %d pages of statements", pages)
}

func databaseExists(b *testing.B, base, name string) bool {
	admin, err := sql.Open("postgres", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	var ok bool
	if err := admin.QueryRowContext(b.Context(), `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&ok); err != nil {
		b.Fatal(err)
	}
	return ok
}

// seeded reports whether a finished seed is recorded in bench_seed.
func seeded(b *testing.B, db *DB) bool {
	var n int
	err := db.db.GetContext(b.Context(), &n, `SELECT statements FROM bench_seed`)
	return err == nil && n == seedStatements
}

// seed fills an empty database in SQL, chunk by chunk: statements shaped
// like the engine's for pages (an account actor, the object, the module as
// parent, the content type's profile as category, the cmi5 session id, the
// engine as authority) with their related activities and agents, then
// statistics for the planner.
func seed(b *testing.B, db *DB) {
	start := time.Now()
	ctx := b.Context()
	for from := 1; from <= seedStatements; from += seedChunk {
		if _, err := db.db.ExecContext(ctx, seedStatementsSQL, benchHome, from, from+seedChunk-1); err != nil {
			b.Fatalf("seed statements %d..: %v", from, err)
		}
	}
	for _, q := range []string{`VACUUM ANALYZE`,
		`CREATE TABLE bench_seed (statements integer NOT NULL)`,
		fmt.Sprintf(`INSERT INTO bench_seed VALUES (%d)`, seedStatements)} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	b.Logf("seeded %d statements in %v", seedStatements, time.Since(start).Round(time.Second))
}

// seedStatementsSQL inserts statements $2..$3. Statement g is by learner
// g % 1000 about activity (g / 1000) % 20, stored 10 s after statement g-1.
const seedStatementsSQL = `
INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp, activities, related_agents)
SELECT id, jsonb_build_object(
		'id', id,
		'actor', jsonb_build_object('objectType', 'Agent', 'name', 'Learner ' || l,
			'account', jsonb_build_object('homePage', $1::text, 'name', 'learner-' || l)),
		'verb', jsonb_build_object('id', verb, 'display', jsonb_build_object('en-US', split_part(verb, '/', 6))),
		'object', jsonb_build_object('objectType', 'Activity', 'id', object, 'definition', jsonb_build_object(
			'name', jsonb_build_object('en-US', 'The reference interview'), 'type', 'http://adlnet.gov/expapi/activities/lesson')),
		'result', jsonb_build_object('completion', true, 'duration', 'PT4M12.5S'),
		'context', jsonb_build_object('registration', reg, 'platform', 'Lode', 'language', 'en-US',
			'contextActivities', jsonb_build_object(
				'parent', jsonb_build_array(jsonb_build_object('objectType', 'Activity', 'id', module)),
				'category', jsonb_build_array(jsonb_build_object('objectType', 'Activity', 'id', 'https://w3id.org/xapi/cmi5/v1.0',
					'definition', jsonb_build_object('type', 'http://adlnet.gov/expapi/activities/profile')))),
			'extensions', jsonb_build_object('https://w3id.org/xapi/cmi5/context/extensions/sessionid', reg)),
		'timestamp', at, 'stored', at, 'version', '1.0.3',
		'authority', jsonb_build_object('objectType', 'Agent', 'name', 'Lode',
			'account', jsonb_build_object('homePage', $1::text, 'name', 'lode engine'))),
	'account::' || $1 || '|learner-' || l, verb, object, reg, stored, stored,
	ARRAY[object, module, 'https://w3id.org/xapi/cmi5/v1.0'], ARRAY['a:account::' || $1 || '|lode engine']
FROM (
	SELECT gen_random_uuid() AS id, l, module, module || '/objects/o-' || (k % 2) AS object, stored,
		to_char(stored AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
		(ARRAY['http://adlnet.gov/expapi/verbs/experienced', 'http://adlnet.gov/expapi/verbs/completed',
			'http://adlnet.gov/expapi/verbs/answered'])[g % 3 + 1] AS verb,
		overlay(overlay(md5('reg-' || l || '-' || module) placing '4' from 13) placing '8' from 17)::uuid AS reg
	FROM (
		SELECT g, g % 1000 AS l, (g / 1000) % 20 AS k, $1 || '/modules/m-' || (g / 1000) % 20 / 2 AS module,
			timestamptz '2025-01-01 00:00:00+00' + g * interval '10 seconds' AS stored
		FROM generate_series($2::integer, $3::integer) AS g
	) AS s
) AS t
ORDER BY stored`
