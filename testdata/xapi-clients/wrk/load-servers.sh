# load-servers.sh, sourced by load.sh: Lode servers, their databases and
# the 1M-statement templates. Uses load.sh's variables (root, tmp, PGURL,
# DB_PREFIX, ...) and arrays (pids, dbs).

say() { echo "load.sh: $*" >&2; }
# die stops the whole run, also from inside a $(...) subshell.
die() { say "$*"; kill -TERM $$; exit 1; }

export PGOPTIONS='-c client_min_messages=warning'
psql_q() { psql -qAtX -v ON_ERROR_STOP=1 "$PGURL/postgres" -c "$1"; }
db_exists() { [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
drop_db() { psql_q "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null; }

# content: a copy of the repository's content/ whose quiz allows unlimited
# attempts, so that quiz.lua's learners can answer without end (the one
# change; every page and statement is otherwise the sample module's).
make_content() {
  cp -r "$root/content" "$tmp/content"
  sed -i 's/^      max_attempts: 3$/      max_attempts: 0/' "$tmp/content/reference-desk-basics/module.yaml"
  grep -q '^      max_attempts: 0$' "$tmp/content/reference-desk-basics/module.yaml" ||
    die "content/reference-desk-basics/module.yaml no longer has the quiz's 'max_attempts: 3'; update make_content"
}

# start BINARY PORT DATADIR [DATABASE]: a Lode server from a folder of its
# own (an older binary would refuse this checkout's configs/lode.yaml),
# on SQLite in DATADIR or on PostgreSQL's DATABASE; sessions in process,
# or in Redis when REDIS_URL is set. Sets the global started_pid.
start() {
  local env=(LODE_ADDR=127.0.0.1:$2 LODE_DATA_DIR=$3 LODE_CONTENT_DIR=$tmp/content LODE_LOG_LEVEL=warn
    LODE_LRS_KEY=$LRS_KEY LODE_LRS_SECRET=$LRS_SECRET LODE_LEARNER_WRITES_PER_MINUTE=$WRITES_PER_MINUTE LODE_NEW_LEARNERS_PER_HOUR=0)
  [ -n "${4:-}" ] && env+=("LODE_DATABASE_URL=$PGURL/$4?sslmode=disable")
  [ -n "${4:-}" ] && [ -n "${REDIS_URL:-}" ] && env+=("LODE_REDIS_URL=$REDIS_URL")
  mkdir -p "$3" "$tmp/run-$2"
  (cd "$tmp/run-$2" && exec env "${env[@]}" "$1" serve) >"$tmp/lode-$2.log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  for _ in $(seq 600); do
    curl -fs "http://127.0.0.1:$2/readyz" >/dev/null 2>&1 && return
    kill -0 "$started_pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -5 "$tmp/lode-$2.log" >&2
  die "$1 did not start on port $2 (log: $tmp/lode-$2.log). A template seeded by a newer binary has a schema an older one refuses: drop it (see --help) and run again"
}

stop() { # PID: stop a server gracefully and wait for it
  kill "$1" 2>/dev/null || return 0
  wait "$1" 2>/dev/null || true
}

# seed PORT: posts SEED_STATEMENTS statements in batches of 100 through
# Lode's own POST /xapi/statements (lrs.lua, 4 connections), the shape and
# spread the query scenario asks for: 1,000 learners x 20 activities.
seed() {
  local done_dir=$tmp/seed-done-$1 threads=2 wrk_pid
  mkdir -p "$done_dir"
  (cd "$wrkdir" && SEED_DONE=$done_dir exec wrk -t$threads -c4 -d24h -s lrs.lua "http://127.0.0.1:$1" \
    -- post 100 $(((SEED_STATEMENTS / 100 + threads - 1) / threads))) >"$tmp/seed-$1.txt" 2>&1 &
  wrk_pid=$!
  local s=0
  while [ "$(find "$done_dir" -type f | wc -l)" -lt $threads ]; do
    kill -0 $wrk_pid 2>/dev/null || die "seeding's wrk ended early: $(cat "$tmp/seed-$1.txt")"
    sleep 1
    [ $((++s % 60)) = 0 ] && say "  seeding: $((s / 60)) min"
  done
  kill -INT $wrk_pid && wait $wrk_pid || true
  grep -q 'Non-2xx' "$tmp/seed-$1.txt" && die "seeding had errors: $(cat "$tmp/seed-$1.txt")"
  return 0
}

# pg_template: the PostgreSQL database of SEED_STATEMENTS statements that
# each run's databases are copied from, seeded by the first binary (the
# oldest schema; newer binaries migrate their copy at start) unless it
# exists. Seeded under another name and renamed when complete, so a
# half-seeded database is never taken for a template.
pg_template() {
  local tpl=${DB_PREFIX}_1m_tpl work=${DB_PREFIX}_1m_seeding t0 pid
  db_exists "$tpl" && { say "PostgreSQL template $tpl exists: reused"; return; }
  say "seeding $tpl with $SEED_STATEMENTS statements through $1 (once; later runs reuse it)"
  drop_db "$work" && psql_q "CREATE DATABASE $work" && t0=$(date +%s)
  start "$1" $((PORT_BASE + 50)) "$tmp/seed-pg" "$work" && pid=$started_pid
  seed $((PORT_BASE + 50))
  stop "$pid"
  psql -qX "$PGURL/$work" -c 'VACUUM ANALYZE' && psql_q "ALTER DATABASE $work RENAME TO $tpl"
  say "seeded $tpl: $(psql -AtX "$PGURL/$tpl" -c 'SELECT count(*) FROM statements') statements in $(($(date +%s) - t0)) s"
}

# sqlite_template: the same for the embedded default, a data folder whose
# files are copied for each run.
sqlite_template() {
  local tpl=$SQLITE_TEMPLATE work=$SQLITE_TEMPLATE.seeding t0 pid
  [ -f "$tpl/lode.db" ] && { say "SQLite template $tpl exists: reused"; return; }
  say "seeding $tpl with $SEED_STATEMENTS statements through $1 (once; later runs reuse it)"
  rm -rf "$work" && t0=$(date +%s)
  start "$1" $((PORT_BASE + 51)) "$work" && pid=$started_pid
  seed $((PORT_BASE + 51))
  stop "$pid"
  sqlite3 "$work/lode.db" 'ANALYZE' && mv "$work" "$tpl"
  say "seeded $tpl: $(sqlite3 "$tpl/lode.db" 'SELECT count(*) FROM statements') statements in $(($(date +%s) - t0)) s"
}

# database BACKEND I: where binary I keeps its data on BACKEND, fresh, a
# copy of the template when the query scenario runs. Sets data_dir and, on
# PostgreSQL, data_db.
database() {
  data_dir=$tmp/data-$1-$2 data_db=
  mkdir -p "$data_dir"
  if [ "$1" = sqlite ]; then
    if has query; then cp "$SQLITE_TEMPLATE"/* "$data_dir"/; fi
    return
  fi
  data_db=${DB_PREFIX}_$2
  drop_db "$data_db"
  dbs+=("$data_db")
  has query && say "copying the template into $data_db"
  if has query; then psql_q "CREATE DATABASE $data_db TEMPLATE ${DB_PREFIX}_1m_tpl"; else psql_q "CREATE DATABASE $data_db"; fi
}

# free_connections: how many more connections PostgreSQL accepts now.
free_connections() {
  psql_q "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
    - (SELECT count(*) FROM pg_stat_activity)"
}

# wait_connections N: waits up to a minute for N free connections (the
# servers' idle ones time out, other users' go), or stops the run.
wait_connections() {
  local i
  for i in $(seq 60); do [ "$(free_connections)" -ge "$1" ] && return; sleep 1; done
  die "PostgreSQL has $(free_connections) connections free, pgbench needs $1: raise max_connections or stop other users"
}

# pgbench_db: the database pgbench writes its baseline rows to: Lode's
# schema (a copy of the template, or this checkout's migrations) with
# setup.sql's learners and functions.
pgbench_db() {
  local db=${DB_PREFIX}_pgbench m
  drop_db "$db"
  dbs+=("$db")
  if has query; then
    say "copying the template into $db"
    psql_q "CREATE DATABASE $db TEMPLATE ${DB_PREFIX}_1m_tpl"
  else
    psql_q "CREATE DATABASE $db"
    for m in "$root"/engine/postgres/migrations/*.sql; do psql -qX -v ON_ERROR_STOP=1 "$PGURL/$db" -f "$m" >/dev/null; done
  fi
  psql -qX -v ON_ERROR_STOP=1 "$PGURL/$db" -f "$pgb/setup.sql" >/dev/null
}
