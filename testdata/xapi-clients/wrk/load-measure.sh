# load-measure.sh, sourced by load.sh: one measurement each (wrk against
# a Lode or nginx, pgbench, the validation benchmark), rows of results, and
# the table they make.

hz=$(getconf CLK_TCK)

# ticks PID: CPU time (utime+stime, clock ticks) of a server and of its
# plugin processes: those alive now, and those it has waited for.
ticks() {
  local t c
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat")
  for c in $(pgrep -P "$1"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}

# run_wrk PID ARGS...: one wrk run (PID the server's, or "" for nginx).
# Sets w_out (wrk's output), w_n (requests), w_secs, w_rate (req/s),
# w_p50 and w_p99 (ms), w_err (non-2xx answers and socket errors) and
# w_ticks (the server's and its plugins' CPU ticks during the run).
run_wrk() {
  local pid=$1 t0=0
  shift
  w_out=$(mktemp "$tmp/wrk-XXXXXX")
  [ -n "$pid" ] && t0=$(ticks "$pid")
  (cd "$wrkdir" && wrk --latency --timeout 10s "$@") >"$w_out" 2>&1 || die "wrk failed: $(cat "$w_out")"
  w_ticks=0
  [ -n "$pid" ] && w_ticks=$(($(ticks "$pid") - t0))
  read -r w_n w_secs w_rate w_p50 w_p99 w_err < <(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    / requests in / { n = $1; s = $4 + 0 }
    /^Requests\/sec/ { r = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx/ { e += $NF }
    /Socket errors/ { gsub(",", ""); e += $4 + $6 + $8 + $10 }
    END { printf "%d %.2f %.1f %.2f %.2f %d\n", n, s, r, p50, p99, e }' "$w_out")
  [ "${w_n:-0}" -gt 0 ] || die "wrk made no request: $(cat "$w_out")"
  if [ "$w_err" -gt 0 ]; then say "ERRORS in this run ($w_err): $w_out"; grep -E 'HTTP|Non-2xx|Socket|quiz' "$w_out" | head -5 >&2; fi
  return 0
}

# run_pgbench SCRIPT CLIENTS: PostgreSQL's own rate for the rows Lode
# writes (engine/postgres/testdata/pgbench), in transactions per second.
run_pgbench() {
  local out
  out=$(mktemp "$tmp/pgbench-XXXXXX")
  wait_connections $(($2 + 2))
  pgbench -n -M prepared -c "$2" -j 2 -T "$SECS" -f "$pgb/$1.sql" "$PGURL/${DB_PREFIX}_pgbench" >"$out" 2>&1 ||
    die "pgbench failed: $(tail -5 "$out")"
  grep -q 'number of failed transactions: [1-9]' "$out" && die "pgbench had failed transactions: $out"
  awk '/^tps/ {print $3; exit}' "$out"
}

# row SCENARIO BACKEND BINARY RATE UNITS BASELINE TARGET P99MAX: one line
# of results.tsv from the last wrk run, UNITS the statements, interactions
# or requests it completed (the CPU is divided by them).
row() {
  local cpu=- ratio
  [ "$w_ticks" != 0 ] && cpu=$(awk -v t="$w_ticks" -v hz="$hz" -v u="$5" 'BEGIN {printf "%.0f", t * 1e6 / hz / u}')
  ratio=$(awk -v a="$4" -v b="$6" 'BEGIN {printf "%.2f", a / b}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$round" "$load" \
    "$4" "$w_p50" "$w_p99" "$w_err" "$6" "$ratio" "$7" "$8" "$cpu" >>"$results"
  say "  $1 $2 $3: $4/s p50 ${w_p50} ms p99 ${w_p99} ms errors $w_err, baseline $6, ratio $ratio, CPU $cpu µs"
  bad=$((bad + w_err))
}

# table: results.tsv as the Markdown table load.sh ends with.
table() {
  awk -F'\t' '
    BEGIN {
      unit["single16"] = unit["single64"] = unit["batch"] = "stmts/s"; unit["quiz"] = "interactions/s"
      base["single16"] = base["single64"] = base["quiz"] = "pgbench row.sql tps"; base["batch"] = "pgbench batch_rows.sql rows/s"
      base["query"] = "first binary req/s"; base["quizpage"] = base["catalog"] = "nginx req/s";       print "| Scenario | Backend | Binary | Round | Load | Rate | p50 ms | p99 ms | Errors | Baseline | Ratio | Target | Met | CPU µs/unit |"
      print "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|"
    }
    {
      r = ($1 == "validate") ? sprintf("%.1f µs/op", $6 / 1000) : sprintf("%.0f %s", $6, unit[$1] ? unit[$1] : "req/s")
      tgt = ($1 == "validate") ? "≤ 25 µs" : "≥ " $12 "×" ($13 != "-" ? ", p99 < " $13 " ms" : "")
      met = ($1 == "validate") ? ($6 <= 25000 ? "yes" : "no") : ($11 >= $12 && ($13 == "-" || $8 < $13) ? "yes" : "no")
      if ($1 == "query" && $11 == "1.00" && $3 == first) met = "baseline"
      if ($9 > 0) met = "INVALID"
      b = ($1 == "validate") ? "–" : $10 " " base[$1]
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
        $1, $2, $3, $4, $5, r, $7, $8, $9, b, $11, tgt, met, $14
    }' first="$(basename "$1")" "$results"
}

# summary: one line per scenario, backend and binary over the rounds: the
# median rate, ratio and p99, met or not on those medians.
summary() {
  awk -F'\t' '
    function median(list,   a, n, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    BEGIN {
      print "| Scenario | Backend | Binary | Rounds | Median rate | Median p99 ms | Errors | Median ratio [range] | Target | Met | Median CPU µs/unit |"
      print "|---|---|---|---:|---:|---:|---:|---|---|---|---:|"
    }
    {
      k = $1 SUBSEP $2 SUBSEP $3
      if (!(k in n)) order[++keys] = k
      n[k]++; rate[k] = rate[k] " " $6; p99[k] = p99[k] " " $8; ratio[k] = ratio[k] " " $11; cpu[k] = cpu[k] " " $14; err[k] += $9
      lo[k] = (k in lo && lo[k] + 0 < $11 + 0) ? lo[k] : $11; hi[k] = (k in hi && hi[k] + 0 > $11 + 0) ? hi[k] : $11
      tr[k] = $12; tp[k] = $13
    }
    END {
      for (i = 1; i <= keys; i++) {
        k = order[i]; split(k, f, SUBSEP); r = median(ratio[k]); p = median(p99[k])
        if (f[1] == "validate") {
          printf "| validate | – | %s | %d | %.1f µs/op | – | – | %.2f of 25 µs [%s–%s] | ≤ 25 µs | %s | – |\n", f[3], n[k], median(rate[k]) / 1000, r, lo[k], hi[k], r <= 1 ? "yes" : "no"
          continue
        }
        met = (r >= tr[k] && (tp[k] == "-" || p < tp[k])) ? "yes" : "no"
        if (f[1] == "query" && f[3] == first) met = "baseline"
        if (err[k] > 0) met = "INVALID"
        printf "| %s | %s | %s | %d | %.0f | %.1f | %d | %.2f [%s–%s] | ≥ %s×%s | %s | %.0f |\n", f[1], f[2], f[3], n[k], median(rate[k]), p,
          err[k], r, lo[k], hi[k], tr[k], tp[k] != "-" ? ", p99 < " tp[k] " ms" : "", met, median(cpu[k])
      }
    }' first="$(basename "$1")" "$results"
}
