#!/usr/bin/env bash
# load.sh: issue 15's scenarios against each Lode binary given, on
# PostgreSQL and on the embedded default (SQLite), each beside its baseline
# in the same round, so that every ratio is taken seconds apart on the same
# machine. Ends with one Markdown table (docs/PERFORMANCE.md, "The load script (issue 15)", explains it).
#
#   go build -o /tmp/lode-after ./cmd/lode      # builds first: nothing is built while timing
#   testdata/xapi-clients/wrk/load.sh /tmp/lode-before /tmp/lode-after
#
# Run from the repository root. Environment (defaults in brackets):
#   ROUNDS [2], SECONDS_EACH [10]   interleaved rounds, length of each run
#   SCENARIOS [single16 single64 quiz batch query quizpage catalog validate]
#   BACKENDS [postgres sqlite]
#   PGURL [postgres://postgres@127.0.0.1:5432]   a server where databases can be made
#   REDIS_URL [unset]     e.g. redis://127.0.0.1:6379 (no database number): sessions in
#                         Redis database 10+i on PostgreSQL runs; unset: in process
#   DB_PREFIX [lode_load] databases PREFIX_1, PREFIX_2..., PREFIX_pgbench, and the
#                         template PREFIX_1m_tpl (kept; drop it to reseed)
#   SQLITE_TEMPLATE [/var/tmp/lode_load_1m_sqlite]  the SQLite template (kept; rm -r to reseed)
#   SEED_STATEMENTS [1000000]  statements in the templates
#   VALIDATE_TESTS [built from this checkout]  lrs test binaries for the
#                         validation benchmark (go test -c ./engine/lrs), space-separated
#   PORT_BASE [19500]     servers on PORT_BASE+1..+29, seeding +50/+51, nginx +90
#   KEEP [unset]          keep the scratch folder (logs, wrk outputs)
# Exits 1 if any run had a non-2xx answer or a socket error: such a run is
# not a result.
set -euo pipefail
[ "${1:-}" = --help ] || [ $# = 0 ] && { sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;$d'; exit 2; }

ROUNDS=${ROUNDS:-2} SECS=${SECONDS_EACH:-10}
SCENARIOS=${SCENARIOS:-single16 single64 quiz batch query quizpage catalog validate}
BACKENDS=${BACKENDS:-postgres sqlite} PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB_PREFIX=${DB_PREFIX:-lode_load} SQLITE_TEMPLATE=${SQLITE_TEMPLATE:-/var/tmp/${DB_PREFIX}_1m_sqlite}
SEED_STATEMENTS=${SEED_STATEMENTS:-1000000} PORT_BASE=${PORT_BASE:-19500}
WRITES_PER_MINUTE=1000000 # the limiter still runs for every learner write; it never refuses one here
export LRS_KEY=load LRS_SECRET=load-secret-0123456789abcdef
root=$PWD wrkdir=$PWD/testdata/xapi-clients/wrk pgb=$PWD/engine/postgres/testdata/pgbench
quiz=/modules/reference-desk-basics/objects/check
tmp=$(mktemp -d /tmp/lode-load.XXXXXX) results=$tmp/results.tsv
pids=() dbs=() saved=() bad=0 round=0 load=-
. "$wrkdir/load-servers.sh"
. "$wrkdir/load-measure.sh"
. "$wrkdir/load-scenarios.sh"

has() { [[ " $SCENARIOS " == *" $1 "* ]]; }

cleanup() {
  local p d
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null
  for d in "${dbs[@]}"; do drop_db "$d" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && say "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

preflight "$@"
bins=("$@")
: >"$results"
has validate && validate
for backend in $BACKENDS; do
  [[ " postgres sqlite " == *" $backend "* ]] || die "BACKENDS: unknown backend $backend"
  has query && { if [ "$backend" = postgres ]; then pg_template "${bins[0]}"; else sqlite_template "${bins[0]}"; fi; }
  start_servers "$backend"
  for round in $(seq "$ROUNDS"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    say "$backend round $round of $ROUNDS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    for s in $SCENARIOS; do [ "$s" = validate ] || "scenario_$s"; done
  done
  stop_servers
done

echo
echo "Lode load run, $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPUs, $ROUNDS rounds of ${SECS} s, sessions $([ -n "${REDIS_URL:-}" ] && echo "in Redis (PostgreSQL runs)" || echo "in process")"
for i in "${!bins[@]}"; do echo "- binary $((i + 1)): ${bins[i]} ($(basename "${bins[i]}"))"; done
echo
echo "Summary (medians over the rounds; every run below it):"
echo
summary "${bins[0]}"
echo
table "${bins[0]}"
if [ "$bad" -gt 0 ]; then
  echo
  echo "INVALID RUN: $bad non-2xx answers or socket errors (rows marked INVALID; wrk outputs in $tmp, kept)"
  KEEP=1
  exit 1
fi
