# load-scenarios.sh, sourced by load.sh: the checks before a run, the
# servers of one backend, and the scenarios, each one round of runs.

preflight() {
  local c b missing=
  for c in wrk pgbench psql nginx curl sqlite3 pgrep; do command -v $c >/dev/null || missing+=" $c"; done
  [ -n "$missing" ] && die "missing:$missing. On Debian/Ubuntu: apt-get install wrk nginx-light postgresql-client postgresql-contrib sqlite3 curl procps"
  [ -f "$root/go.work" ] && [ -d "$root/content/reference-desk-basics" ] || die "run from the repository root"
  for b in "$@"; do [ -x "$b" ] || die "$b is not an executable Lode binary"; done
  psql_q 'SELECT 1' >/dev/null || die "no PostgreSQL at $PGURL (set PGURL)"
  # pgbench's 64 clients beside each server's idle pool (10) and this script.
  [ "$(psql_q "SHOW max_connections")" -ge $((64 + 10 * $# + 10)) ] ||
    die "PostgreSQL's max_connections is below $((64 + 10 * $# + 10)), what pgbench's 64 clients and $# servers need"
  if has validate && [ -z "${VALIDATE_TESTS:-}" ]; then
    command -v go >/dev/null || die "no go to build the validation benchmark: set VALIDATE_TESTS or leave validate out of SCENARIOS"
    say "building the validation benchmark (go test -c ./engine/lrs)"
    go test -c -o "$tmp/lrs.test" ./engine/lrs && VALIDATE_TESTS=$tmp/lrs.test
  fi
  make_content
}

# start_servers BACKEND: each binary on fresh data, its learners (the
# first for the page scenarios, 64 more for quiz.lua), and nginx serving
# the pages the first binary sent the first learner.
start_servers() {
  local i url
  [ -n "${pgbench_made:-}" ] || { pgbench_db; pgbench_made=1; }
  local offset=0
  [ "$1" = sqlite ] && offset=10
  port=() spid=() cookie=()
  for i in "${!bins[@]}"; do
    database "$1" "$((i + 1))"
    port[i]=$((PORT_BASE + 1 + i + offset))
    REDIS_URL=${REDIS_URL:+$REDIS_URL/$((10 + i))} start "${bins[i]}" "${port[i]}" "$data_dir" "$data_db"
    spid[i]=$started_pid url=http://127.0.0.1:${port[i]}
    say "$(basename "${bins[i]}") on $1 at $url (pid ${spid[i]}); making 65 learners"
    "$wrkdir/learners.sh" "$url" 65 "$tmp/learners-$i"
    cookie[i]=$(head -1 "$tmp/learners-$i" | cut -f1)
    tail -n +2 "$tmp/learners-$i" >"$tmp/quiz-learners-$i"
  done
  has quizpage || has catalog && start_nginx
  return 0
}

stop_servers() {
  local p i
  for p in "${spid[@]}"; do stop "$p"; done
  # A copy of the template is gigabytes: free the disk before the next backend.
  [ "$backend" = postgres ] && for i in "${!bins[@]}"; do drop_db "${DB_PREFIX}_$((i + 1))"; done
  [ "$backend" = sqlite ] && rm -rf "$tmp"/data-sqlite-*
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" && rm -f "$tmp/nginx.pid"
  return 0
}

# start_nginx: nginx serving, at the same paths, the very bytes the first
# binary sent its page learner: the ceiling for a page.
start_nginx() {
  local www=$tmp/www-$backend
  mkdir -p "$www$(dirname $quiz)"
  curl -fsS -H "Cookie: ${cookie[0]}" -o "$www/index.html" "http://127.0.0.1:${port[0]}/"
  curl -fsS -H "Cookie: ${cookie[0]}" -o "$www$quiz" "http://127.0.0.1:${port[0]}$quiz"
  cat >"$tmp/nginx.conf" <<CONF
worker_processes auto; pid $tmp/nginx.pid; error_log $tmp/nginx.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html;
  server { listen 127.0.0.1:$((PORT_BASE + 90)); root $www; location / { try_files \$uri \$uri/index.html =404; } } }
CONF
  chmod a+x "$tmp" && chmod -R a+rX "$www" # nginx's workers may run as nobody
  nginx -e "$tmp/nginx.log" -c "$tmp/nginx.conf" || die "nginx did not start: $(cat "$tmp/nginx.log")"
}

# in_order FUNC: FUNC I for each binary, in the order of odd rounds and
# the reverse in even ones, each run's figures kept for emit.
in_order() {
  local i order=("${!bins[@]}")
  [ $((round % 2)) = 0 ] && order=($(printf '%s\n' "${order[@]}" | tac))
  for i in "${order[@]}"; do "$1" "$i"; saved[i]="$w_n $w_secs $w_rate $w_p50 $w_p99 $w_err $w_ticks $w_out"; done
}
restore() { read -r w_n w_secs w_rate w_p50 w_p99 w_err w_ticks w_out <<<"${saved[$1]}"; }

# around BASELINE RUN EMIT: the baseline before the binaries in odd rounds
# and after them in even ones, then EMIT I BASE for each binary.
around() {
  local base i
  [ $((round % 2)) = 1 ] && base=$($1)
  in_order "$2"
  [ $((round % 2)) = 0 ] && base=$($1)
  for i in "${!bins[@]}"; do restore "$i"; "$3" "$i" "$base"; done
}

name() { basename "${bins[$1]}"; }
url() { echo "http://127.0.0.1:${port[$1]}"; }

# Single statements: POST /xapi/statements of one, against pgbench's
# single-row INSERT of the same rows, one transaction each.
scenario_single16() { conns=16 around base_row run_single emit_single; }
scenario_single64() { conns=64 around base_row run_single emit_single; }
base_row() { printf "%.0f\n" "$(run_pgbench row "$conns")"; }
run_single() { run_wrk "${spid[$1]}" -t2 -c"$conns" -d"${SECS}s" -s lrs.lua "$(url "$1")" -- post 1; }
emit_single() { row "single$conns" "$backend" "$(name "$1")" "$w_rate" "$w_n" "$2" 1.0 25; }

# Learner interactions: 64 learners answering the quiz, one connection
# each (quiz.lua), against pgbench's single-row INSERT at 64 clients.
scenario_quiz() { conns=64 around base_row run_quiz emit_quiz; }
run_quiz() {
  export LEARNERS=$tmp/quiz-learners-$1
  run_wrk "${spid[$1]}" -t64 -c64 -d"${SECS}s" -s quiz.lua "$(url "$1")"
}
emit_quiz() {
  local a r n
  read -r a r < <(awk '/^quiz: answers/ {print $3, $5}' "$w_out")
  n=$((a + r))
  row quiz "$backend" "$(name "$1")" "$(awk -v n=$n -v s="$w_secs" 'BEGIN {printf "%.1f", n / s}')" "$n" "$2" 0.5 50
  say "    (of which quiz answers: $a, $(awk -v n="$a" -v s="$w_secs" 'BEGIN {printf "%.0f", n / s}')/s; retries $r)"
}

# Batches of 100 statements at 4 connections, against pgbench's multi-row
# INSERT of 100 rows, in rows per second.
scenario_batch() { around base_batch run_batch emit_batch; }
base_batch() { awk -v t="$(run_pgbench batch_rows 4)" 'BEGIN {printf "%.0f", t * 100}'; }
run_batch() { run_wrk "${spid[$1]}" -t2 -c4 -d"${SECS}s" -s lrs.lua "$(url "$1")" -- post 100; }
emit_batch() {
  row batch "$backend" "$(name "$1")" "$(awk -v n="$w_n" -v s="$w_secs" 'BEGIN {printf "%.0f", n * 100 / s}')" \
    $((w_n * 100)) "$2" 2.0 -
}

# The agent + activity query at 1M statements, 16 connections: the
# baseline is the first binary, in the same round.
scenario_query() {
  local i
  in_order run_query
  restore 0
  local base=$w_rate
  for i in "${!bins[@]}"; do restore "$i"; row query "$backend" "$(name "$i")" "$w_rate" "$w_n" "$base" 4.0 20; done
}
run_query() { run_wrk "${spid[$1]}" -t2 -c16 -d"${SECS}s" -s lrs.lua "$(url "$1")" -- query; }

# Pages for the signed-in learner at 64 connections, against nginx serving
# the same bytes.
scenario_quizpage() { path=$quiz around base_page run_page emit_quizpage; }
scenario_catalog() { path=/ around base_page run_page emit_catalog; }
base_page() {
  run_wrk "" -t2 -c64 -d"${SECS}s" "http://127.0.0.1:$((PORT_BASE + 90))$path" >&2
  [ "$w_err" = 0 ] || die "nginx answered with errors: $w_out"
  printf '%.0f\n' "$w_rate"
}
run_page() { run_wrk "${spid[$1]}" -t2 -c64 -d"${SECS}s" -H "Cookie: ${cookie[$1]}" "$(url "$1")$path"; }
emit_quizpage() { row quizpage "$backend" "$(name "$1")" "$w_rate" "$w_n" "$2" 0.25 25; }
emit_catalog() { row catalog "$backend" "$(name "$1")" "$w_rate" "$w_n" "$2" 0.5 -; }

# Validation: BenchmarkValidateEncode/quiz (engine/lrs: the issue's 1.8 KB
# statement, a quiz answer as Lode records it), each test binary ROUNDS
# times, interleaved; the median ns/op against 25 µs.
validate() {
  local r t ns
  for r in $(seq "$ROUNDS"); do
    for t in $VALIDATE_TESTS; do
      ns=$(cd "$root/engine/lrs" && "$t" -test.run '^$' -test.bench '^BenchmarkValidateEncode$/^quiz$' -test.benchtime 1s |
        awk '/^BenchmarkValidateEncode\/quiz/ {for (i = 2; i < NF; i++) if ($(i + 1) == "ns/op") print $i}')
      [ -n "$ns" ] || die "$t printed no BenchmarkValidateEncode/quiz figure"
      round=$r load=$(cut -d' ' -f1 /proc/loadavg)
      printf 'validate\t-\t%s\t%s\t%s\t%s\t-\t-\t0\t25000\t%s\t-\t-\t-\n' "$(basename "$t")" "$r" "$load" "$ns" \
        "$(awk -v n="$ns" 'BEGIN {printf "%.2f", n / 25000}')" >>"$results"
      say "validate $(basename "$t") round $r: $ns ns/op"
    done
  done
}
