#!/usr/bin/env bash
# single-writes.sh: issue 15's first scenario. POST /xapi/statements of one
# statement at 16 and 64 connections (wrk, lrs.lua) against each Lode binary
# given, each on a database of its own, and pgbench's single-row INSERT of
# the same rows (engine/postgres/testdata/pgbench/row.sql, -M prepared) in
# the same round, so that every ratio is taken a few seconds apart on the
# same machine. Prints one line per run and each binary's ratio to pgbench.
#
#   go build -o /tmp/lode-after ./cmd/lode
#   testdata/xapi-clients/wrk/single-writes.sh /tmp/lode-before /tmp/lode-after
#
# ROUNDS (2), SECONDS_EACH (15) and PGURL (postgres://postgres@127.0.0.1:5432)
# tune it. Needs wrk, pgbench and psql. Run from the repository root.
set -euo pipefail
ROUNDS=${ROUNDS:-2} SECS=${SECONDS_EACH:-15} PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
root=$PWD wrkdir=$PWD/testdata/xapi-clients/wrk pgb=$PWD/engine/postgres/testdata/pgbench
export LRS_KEY=bench LRS_SECRET=bench-secret-0123456789abcdef
port=18600 pids=() dbs=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for d in "${dbs[@]}"; do psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

start() { # binary database port
  # From a folder of its own: an older binary would refuse this checkout's
  # configs/lode.yaml, which names settings it does not know.
  (cd "$(mktemp -d)" && LODE_ADDR=127.0.0.1:$3 LODE_DATA_DIR=$PWD LODE_CONTENT_DIR="$root/content" \
    LODE_DATABASE_URL="$PGURL/$2?sslmode=disable" LODE_LRS_KEY=$LRS_KEY LODE_LRS_SECRET=$LRS_SECRET \
    LODE_LOG_LEVEL=warn exec "$1" serve) >/tmp/single-writes-$3.log 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$3/readyz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "lode $1 did not start: /tmp/single-writes-$3.log" >&2; exit 1
}

i=0
for bin in "$@"; do
  i=$((i + 1)); db=lode_single_$i; dbs+=($db)
  psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  start "$bin" $db $((port + i))
done
# pgbench writes to the last binary's database, whose schema is the newest.
psql -q "$PGURL/lode_single_$i" -f "$pgb/setup.sql" >/dev/null

wrk_rate() { # port connections -> "stmts/s p99"
  (cd "$wrkdir" && wrk -t2 -c"$2" -d"${SECS}s" --latency -s lrs.lua "http://127.0.0.1:$1" -- post 1) |
    awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} /Non-2xx/ {print "NON-2xx: " $0 > "/dev/stderr"} END {print r, p}'
}
pg_rate() { # connections -> tps
  pgbench -n -M prepared -c "$1" -j 2 -T "$SECS" -f "$pgb/row.sql" "$PGURL/lode_single_$i" 2>/dev/null |
    awk '/^tps/ {print $3; exit}'
}

for r in $(seq "$ROUNDS"); do
  for c in 16 64; do
    base=$(pg_rate "$c")
    echo "round $r, $c connections: pgbench single-row INSERT $base tps"
    j=0
    for bin in "$@"; do
      j=$((j + 1))
      read -r rate p99 < <(wrk_rate $((port + j)) "$c")
      echo "  $bin: $rate stmts/s, p99 $p99, ratio $(awk -v a="$rate" -v b="$base" 'BEGIN {printf "%.2f", a / b}')"
    done
  done
done
