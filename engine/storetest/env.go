package storetest

import (
	"os"
	"testing"
)

// PostgresURL returns the PostgreSQL server to test against, from
// LODE_TEST_POSTGRES_URL (e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable). Without it the
// test is skipped, except in CI (CI=true) where it fails: CI must not pass by
// testing nothing.
func PostgresURL(tb testing.TB) string { return serverURL(tb, "LODE_TEST_POSTGRES_URL") }

// RedisURL returns the Redis server to test against, from LODE_TEST_REDIS_URL
// (e.g. redis://127.0.0.1:6379/0), with PostgresURL's rule when it is unset.
func RedisURL(tb testing.TB) string { return serverURL(tb, "LODE_TEST_REDIS_URL") }

func serverURL(tb testing.TB, env string) string {
	tb.Helper()
	u := os.Getenv(env)
	switch {
	case u != "":
		return u
	case os.Getenv("CI") == "true":
		tb.Fatalf("%s is not set: CI must run the tests against a real server", env)
	default:
		tb.Skipf("%s is not set", env)
	}
	return ""
}
