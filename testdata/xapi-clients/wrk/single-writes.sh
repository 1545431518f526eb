#!/usr/bin/env bash
# single-writes.sh: issue 15's single-statement scenarios (POST
# /xapi/statements of one at 16 and 64 connections beside pgbench's
# single-row INSERT) on PostgreSQL: load.sh with those scenarios.
#
#   testdata/xapi-clients/wrk/single-writes.sh /tmp/lode-before /tmp/lode-after
#
# load.sh's environment applies (ROUNDS, SECONDS_EACH, PGURL, ...).
SCENARIOS=${SCENARIOS:-single16 single64} BACKENDS=${BACKENDS:-postgres} exec "$(dirname "$0")/load.sh" "$@"
