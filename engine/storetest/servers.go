package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"

	_ "github.com/lib/pq" // the "postgres" driver, to create and drop databases
	goredis "github.com/redis/go-redis/v9"
)

// PostgresDatabase creates an empty database on the server PostgresURL
// names, for one test or benchmark, and drops it when that ends. It returns
// the database's URL. Skipped or failed as PostgresURL says when no server
// is configured.
func PostgresDatabase(tb testing.TB) string {
	tb.Helper()
	base := PostgresURL(tb)
	name := "lode_test_" + strings.ToLower(rand.Text()[:12])
	u, err := CreatePostgresDatabase(tb.Context(), base, name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := DropPostgresDatabase(context.Background(), base, name); err != nil {
			tb.Error(err)
		}
	})
	return u
}

// CreatePostgresDatabase creates the database name on the server at base
// and returns its URL.
func CreatePostgresDatabase(ctx context.Context, base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("LODE_TEST_POSTGRES_URL must be a postgres:// URL: %w", err)
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// DropPostgresDatabase drops the database name on the server at base,
// closing its connections.
func DropPostgresDatabase(ctx context.Context, base, name string) error {
	admin, err := sql.Open("postgres", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// RedisPrefix returns the Redis server RedisURL names and a key prefix of
// the test's own, whose keys are deleted when the test ends: the server may
// be shared with other tests, so a test never flushes it all.
func RedisPrefix(tb testing.TB) (redisURL, prefix string) {
	tb.Helper()
	redisURL = RedisURL(tb)
	prefix = "lode_test:" + rand.Text()[:12] + ":"
	tb.Cleanup(func() {
		if err := DeleteRedisKeys(context.Background(), redisURL, prefix); err != nil {
			tb.Error(err)
		}
	})
	return redisURL, prefix
}

// DeleteRedisKeys deletes every key starting with prefix: what a test
// calls instead of FLUSHALL to lose its own sessions.
func DeleteRedisKeys(ctx context.Context, redisURL, prefix string) error {
	opt, err := goredis.ParseURL(redisURL)
	if err != nil {
		return err
	}
	c := goredis.NewClient(opt)
	defer c.Close()
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		if err := c.Del(ctx, iter.Val()).Err(); err != nil {
			return fmt.Errorf("delete %s: %w", iter.Val(), err)
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("delete %s*: %w", prefix, err)
	}
	return nil
}
