#!/usr/bin/env bash
# query.sh: issue 15's query scenario. GET /xapi/statements?agent=…&
# activity=…&limit=50 (wrk, lrs.lua -- query) at 16 connections against each
# Lode binary given, in turn, on one database seeded with a million
# statements, with the server's CPU time per request from /proc (utime +
# stime of the lode process over the run, divided by the requests).
#
#   LODE_BENCH_KEEP_DB=1 go test -run '^$' -bench QueryAgentActivity -benchtime 200x ./engine/postgres  # seeds lode_bench_1m once
#   go build -o /tmp/lode-after ./cmd/lode
#   testdata/xapi-clients/wrk/query.sh /tmp/lode-before /tmp/lode-after
#
# DB (lode_bench_1m), ROUNDS (3), SECONDS_EACH (10), CONNECTIONS (16) and
# PGURL (postgres://postgres@127.0.0.1:5432) tune it. The database is only
# read. Needs wrk, curl and ss. Run from the repository root.
set -euo pipefail
DB=${DB:-lode_bench_1m} ROUNDS=${ROUNDS:-3} SECS=${SECONDS_EACH:-10} CONNS=${CONNECTIONS:-16}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
root=$PWD wrkdir=$PWD/testdata/xapi-clients/wrk
export LRS_KEY=bench LRS_SECRET=bench-secret-0123456789abcdef
port=${PORT:-18700} pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
# pid_on is the process listening on port: $! may be a shell in between.
pid_on() { ss -Htlnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
trap cleanup EXIT

start() { # binary port
  # From a folder of its own: an older binary would refuse this checkout's
  # configs/lode.yaml, which names settings it does not know.
  (cd "$(mktemp -d)" && LODE_ADDR=127.0.0.1:$2 LODE_DATA_DIR=$PWD LODE_CONTENT_DIR="$root/content" \
    LODE_DATABASE_URL="$PGURL/$DB?sslmode=disable" LODE_LRS_KEY=$LRS_KEY LODE_LRS_SECRET=$LRS_SECRET \
    LODE_LOG_LEVEL=warn exec "$1" serve) >/tmp/query-$2.log 2>&1 &
  for _ in $(seq 100); do
    if curl -fs "http://127.0.0.1:$2/readyz" >/dev/null 2>&1; then pids+=("$(pid_on "$2")"); return; fi
    sleep 0.1
  done
  echo "lode $1 did not start: /tmp/query-$2.log" >&2; exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

i=0
for bin in "$@"; do i=$((i + 1)); start "$bin" $((port + i)); done
hz=$(getconf CLK_TCK)
for r in $(seq "$ROUNDS"); do
  j=0
  for bin in "$@"; do
    j=$((j + 1)) pid=${pids[$((j - 1))]}
    before=$(cpu_ticks "$pid")
    out=$(cd "$wrkdir" && wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s lrs.lua "http://127.0.0.1:$((port + j))" -- query)
    after=$(cpu_ticks "$pid")
    echo "$out" | grep -q Non-2xx && echo "NON-2xx answers: $out" >&2
    echo "$out" | awk -v bin="$bin" -v r="$r" -v ticks=$((after - before)) -v hz="$hz" '
      / requests in / {n=$1} /Requests\/sec/ {rate=$2} / 50%/ {p50=$2} / 99%/ {p99=$2}
      END {printf "round %d %s: %s req/s, p50 %s, p99 %s, server CPU %.2f ms/request\n", r, bin, rate, p50, p99, ticks / hz * 1000 / n}'
  done
done
