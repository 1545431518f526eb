#!/bin/sh
# compare.sh measures, on one PostgreSQL server and in alternation, the
# rate at which PostgreSQL itself inserts the rows Lode writes (pgbench with
# the scripts beside this file, in a fresh database with Lode's schema) and
# Lode's storage benchmarks, so that both see the same machine at the same
# time. Then the query and session latency benchmarks. The figures go in
# docs/PERFORMANCE.md.
#
# usage, from anywhere:
#   LODE_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' \
#   LODE_TEST_REDIS_URL=redis://127.0.0.1:6379/0 \
#   [ROUNDS=3] [RUN_SECONDS=10] [LODE_BENCH_KEEP_DB=1] \
#   engine/postgres/testdata/pgbench/compare.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
base=${LODE_TEST_POSTGRES_URL:?set LODE_TEST_POSTGRES_URL to a server where databases can be created}
: "${LODE_TEST_REDIS_URL:?set LODE_TEST_REDIS_URL}"
rounds=${ROUNDS:-3}
secs=${RUN_SECONDS:-10}
db=lode_pgbench_$$
url=$(printf '%s' "$base" | sed -E "s|^(postgres(ql)?://[^/]*)/[^?]*|\1/$db|")
tmp=$(mktemp -d)
trap 'psql -q "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

psql -q "$base" -c "CREATE DATABASE $db"
for m in "$root"/engine/postgres/migrations/*.sql; do
	psql -q -v ON_ERROR_STOP=1 "$url" -f "$m"
done
psql -q -v ON_ERROR_STOP=1 "$url" -f "$here/setup.sql"
(cd "$root" && go test -c -o "$tmp/postgres.test" ./engine/postgres && go test -c -o "$tmp/redis.test" ./engine/redis)

# pgb SCRIPT CLIENTS prints pgbench's transactions per second.
pgb() {
	pgbench -n -M prepared -c "$2" -j 2 -T "$secs" -f "$here/$1.sql" "$url" 2>/dev/null |
		sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}

# gob BENCHMARK UNIT prints the benchmark's figure in UNIT.
gob() {
	(cd "$root/engine/postgres" && "$tmp/postgres.test" -test.run '^$' -test.bench "^$1\$" -test.benchtime "${secs}s") |
		awk -v unit="$2" '/^Benchmark/ { for (i = 1; i < NF; i++) if ($(i + 1) == unit) print $i }'
}

echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server:  $(psql -Atq "$base" -c 'SHOW server_version') shared_buffers=$(psql -Atq "$base" -c 'SHOW shared_buffers') synchronous_commit=$(psql -Atq "$base" -c 'SHOW synchronous_commit')"
for r in $(seq "$rounds"); do
	row=$(pgb row 16)
	inter=$(pgb interaction 16)
	single=$(gob BenchmarkRecordInteractionParallel interactions/s)
	one=$(gob BenchmarkStoreStatementParallel stmts/s)
	rows=$(pgb batch_rows 1)
	batch=$(gob BenchmarkStoreStatements stmts/s)
	pre=$(gob BenchmarkStoreStatementsPrevalidated stmts/s)
	awk -v r="$r" -v row="$row" -v inter="$inter" -v single="$single" -v one="$one" -v rows="$rows" -v batch="$batch" -v pre="$pre" 'BEGIN {
		printf "round %d single, 16 clients: pgbench row.sql %.0f tx/s, interaction.sql %.0f tx/s; Lode RecordInteraction %.0f/s = %.2f x row.sql, StoreStatements of one %.0f/s = %.2f x row.sql\n", r, row, inter, single, single / row, one, one / row
		printf "round %d batches of 100, 1 client: pgbench batch_rows.sql %.0f rows/s; Lode StoreStatements %.0f/s = %.2f x batch_rows.sql, without Validate %.0f/s = %.2f x\n", r, rows * 100, batch, batch / (rows * 100), pre, pre / (rows * 100)
	}'
done
(cd "$root/engine/postgres" && "$tmp/postgres.test" -test.run '^$' -test.bench '^BenchmarkQueryAgentActivity$' -test.benchtime 2000x -test.v) |
	grep -E '^Benchmark|seeded'
(cd "$root/engine/redis" && "$tmp/redis.test" -test.run '^$' -test.bench '^BenchmarkSessionLookup$' -test.benchtime 5s) |
	grep -E '^Benchmark'
