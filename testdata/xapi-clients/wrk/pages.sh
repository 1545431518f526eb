#!/usr/bin/env bash
# pages.sh: issue 15's page scenarios. The catalog and the quiz step page,
# at 64 connections with one signed-in learner's cookies, through each Lode
# binary given (embedded default: SQLite, in-process sessions, built-in
# plugins) and through nginx serving the very bytes the first binary sent,
# in interleaved rounds, so each ratio is taken seconds apart on the same
# machine. Prints one line per run with the CPU per request of the server
# and of its quiz process (from /proc); divide by the nginx line for the ratio.
#
#   go build -o /tmp/lode-after ./cmd/lode
#   testdata/xapi-clients/wrk/pages.sh /tmp/lode-before /tmp/lode-after
#
# ROUNDS (2), SECONDS_EACH (10) and CONNECTIONS (64) tune it. Needs wrk and
# nginx (apt-get install -y nginx). Run from the repository root.
set -euo pipefail
ROUNDS=${ROUNDS:-2} SECS=${SECONDS_EACH:-10} CONNS=${CONNECTIONS:-64}
root=$PWD port=18700 quiz=/modules/reference-desk-basics/objects/check
tmp=$(mktemp -d) pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

start() { # binary port
  (cd "$(mktemp -d)" && LODE_ADDR=127.0.0.1:$2 LODE_DATA_DIR=$PWD LODE_CONTENT_DIR="$root/content" \
    LODE_LOG_LEVEL=warn exec "$1" serve) >"$tmp/lode-$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$2/" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "lode $1 did not start: $tmp/lode-$2.log" >&2; exit 1
}

learner() { # port: make a visitor a learner with one quiz answer; print their Cookie header
  local jar=$tmp/jar-$1 token
  curl -fs -c "$jar" -b "$jar" -o "$tmp/page-$1" "http://127.0.0.1:$1$quiz"
  token=$(grep -o '<meta name="lode-csrf" content="[^"]*"' "$tmp/page-$1" | sed 's/.*content="//;s/"$//')
  curl -fs -c "$jar" -b "$jar" -o /dev/null -H 'Content-Type: application/json' -H "X-CSRF-Token: $token" \
    -d '{"type":"submit","data":{"open-question":["p2"]}}' "http://127.0.0.1:$1/api$quiz/events"
  awk '$6 ~ /^lode_/ {printf "%s=%s; ", $6, $7}' "$jar"
}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() { # name port cookie page server-pid: one wrk run, printed as one line
  local s0=0 q0=0 qpid="" out n
  if [ -n "$5" ]; then qpid=$(pgrep -P "$5" -f 'plugin run quiz'); s0=$(ticks "$5"); q0=$(ticks "$qpid"); fi
  out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -H "Cookie: $3" "http://127.0.0.1:$2$4")
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%-28s %-8s' "$1" "${4:0:12}"
  echo "$out" | awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=" " $0}
    END {printf " req/s %9s p50 %9s p99 %9s%s", r, p50, p99, bad}'
  if [ -n "$5" ]; then
    echo " cpu/req server $(( ($(ticks "$5") - s0) * 10000 / n )) µs, quiz $(( ($(ticks "$qpid") - q0) * 10000 / n )) µs"
  else echo; fi
}

i=0 ports=() cookies=() spids=()
for bin in "$@"; do
  i=$((i + 1)); start "$bin" $((port + i))
  ports+=($((port + i))); spids+=("${pids[-1]}"); cookies+=("$(learner $((port + i)))")
done

# nginx serves what the first binary sent its learner, at the same paths.
mkdir -p "$tmp/www$(dirname $quiz)"
curl -fs -H "Cookie: ${cookies[0]}" -o "$tmp/www/index.html" "http://127.0.0.1:${ports[0]}/"
curl -fs -H "Cookie: ${cookies[0]}" -o "$tmp/www$quiz" "http://127.0.0.1:${ports[0]}$quiz"
cat >"$tmp/nginx.conf" <<CONF
worker_processes auto; pid $tmp/nginx.pid; error_log $tmp/nginx.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html;
  server { listen 127.0.0.1:$port; root $tmp/www; location / { try_files \$uri \$uri/index.html =404; } } }
CONF
chmod a+x "$tmp"; chmod -R a+rX "$tmp/www" # nginx's workers run as nobody
nginx -c "$tmp/nginx.conf"

for round in $(seq "$ROUNDS"); do
  echo "round $round, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for page in / $quiz; do
    for j in "${!ports[@]}"; do run "$(basename "${@:j+1:1}")" "${ports[j]}" "${cookies[j]}" "$page" "${spids[j]}"; done
    run nginx $port "" "$page" ""
  done
done
