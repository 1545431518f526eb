#!/usr/bin/env bash
# learners.sh URL N FILE: makes N learners on the Lode at URL the way a
# visitor becomes one (GET the quiz page for visitor cookies and the CSRF
# token, then one quiz submit through /api/.../events) and writes
# "Cookie header<TAB>CSRF token" lines to FILE, for quiz.lua and pages.
# Each learner is a row and a session; the server's new_learners_per_hour
# (120 from one address by default) bounds N unless it is raised.
set -euo pipefail
url=$1 n=$2 out=$3
quiz=/modules/reference-desk-basics/objects/check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$out"
for i in $(seq "$n"); do
  jar=$tmp/jar-$i
  curl -fsS -c "$jar" -b "$jar" -o "$tmp/page" "$url$quiz"
  token=$(grep -o '<meta name="lode-csrf" content="[^"]*"' "$tmp/page" | sed 's/.*content="//;s/"$//')
  [ -n "$token" ] || { echo "learners.sh: no CSRF token in $url$quiz" >&2; exit 1; }
  curl -fsS -c "$jar" -b "$jar" -o /dev/null -H 'Content-Type: application/json' -H "X-CSRF-Token: $token" \
    -d '{"type":"submit","data":{"open-question":["p2"]},"rerender":true}' "$url/api$quiz/events"
  cookie=$(awk '$6 ~ /^lode_(learner|session)$/ {printf "%s%s=%s", sep, $6, $7; sep = "; "}' "$jar")
  case $cookie in *lode_session=*) ;; *) echo "learners.sh: learner $i got no session cookie" >&2; exit 1 ;; esac
  printf '%s\t%s\n' "$cookie" "$token" >>"$out"
done
