#!/usr/bin/env bash
# pages.sh: issue 15's page scenarios (the catalog and the quiz step page
# for a signed-in learner at 64 connections, beside nginx serving the same
# bytes) on the embedded default: load.sh with those scenarios.
#
#   testdata/xapi-clients/wrk/pages.sh /tmp/lode-before /tmp/lode-after
#
# load.sh's environment applies (ROUNDS, SECONDS_EACH, ...).
SCENARIOS=${SCENARIOS:-quizpage catalog} BACKENDS=${BACKENDS:-sqlite} exec "$(dirname "$0")/load.sh" "$@"
