package redis

import (
	"context"
	"crypto/rand"
	"net"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/storetest"
)

// MustOpen opens a store on the server named by LODE_TEST_REDIS_URL with a
// key prefix of its own, and deletes its keys when the test ends. The test is
// skipped without LODE_TEST_REDIS_URL, except in CI.
func MustOpen(tb testing.TB) *SessionStore {
	tb.Helper()
	u := storetest.RedisURL(tb)
	prefix := "lode_test:" + rand.Text()[:12] + ":"
	s, err := Open(tb.Context(), u, prefix)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		defer s.Close()
		ctx := context.Background() // the test's context is done by now
		iter := s.client.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			if err := s.client.Del(ctx, iter.Val()).Err(); err != nil {
				tb.Errorf("clean up %s: %v", iter.Val(), err)
			}
		}
		if err := iter.Err(); err != nil {
			tb.Errorf("clean up %s*: %v", prefix, err)
		}
	})
	return s
}

func TestSessionStore(t *testing.T) {
	storetest.TestSessionStore(t, func(t *testing.T) learning.SessionStore { return MustOpen(t) })
}

func TestKeys(t *testing.T) {
	s := MustOpen(t)
	ss := &learning.Session{ID: "secret-cookie-value", LearnerID: "ada", ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.CreateSession(t.Context(), ss); err != nil {
		t.Fatal(err)
	}
	keys, err := s.client.Keys(t.Context(), s.prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Fatalf("keys %v, want a session and a learner set", keys)
	}
	for _, k := range keys {
		if strings.Contains(k, ss.ID) {
			t.Errorf("key %s holds the session id", k)
		}
		ttl, err := s.client.PTTL(t.Context(), k).Result()
		if err != nil {
			t.Fatal(err)
		}
		if ttl <= 0 || ttl > time.Hour {
			t.Errorf("key %s expires in %v, want within the session's hour", k, ttl)
		}
	}
}

func TestUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	if _, err := Open(t.Context(), "redis://"+addr+"/0", ""); engine.ErrorCode(err) != engine.EUNAVAILABLE {
		t.Fatalf("Open: got %v, want %s", err, engine.EUNAVAILABLE)
	}
	client := goredis.NewClient(&goredis.Options{Addr: addr, MaxRetries: -1})
	defer client.Close()
	s := New(client, "")
	if _, err := s.Session(t.Context(), "x"); engine.ErrorCode(err) != engine.EUNAVAILABLE {
		t.Fatalf("Session: got %v, want %s", err, engine.EUNAVAILABLE)
	}
	ss := &learning.Session{ID: "x", LearnerID: "ada", ExpiresAt: time.Now().Add(time.Hour)}
	if err := s.CreateSession(t.Context(), ss); engine.ErrorCode(err) != engine.EUNAVAILABLE {
		t.Fatalf("CreateSession: got %v, want %s", err, engine.EUNAVAILABLE)
	}
}

func TestLimiter(t *testing.T) {
	storetest.TestLimiter(t, MustOpen(t).NewLimiter())
}
