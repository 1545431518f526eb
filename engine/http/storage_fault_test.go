package http_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/engine/postgres"
	"github.com/lode-elearning/lode/engine/redis"
	"github.com/lode-elearning/lode/engine/storetest"
)

// durableEnv is a server on the production stores: PostgreSQL for
// learners, progress and statements, Redis for sessions.
type durableEnv struct {
	URL         string
	DB          *postgres.DB
	RedisURL    string
	RedisPrefix string // every session key starts with it
}

// mustServeDurable starts a server on a fresh PostgreSQL database and a
// Redis key prefix of its own, with the test plugin; skipped without
// LODE_TEST_POSTGRES_URL and LODE_TEST_REDIS_URL, except in CI.
func mustServeDurable(t *testing.T) *durableEnv {
	t.Helper()
	ctx := context.Background()
	dbURL := storetest.PostgresDatabase(t)
	redisURL, prefix := storetest.RedisPrefix(t)
	db, err := postgres.Open(ctx, dbURL)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.Migrate(ctx))
	sessions, err := redis.Open(ctx, redisURL, prefix)
	must(t, err)
	t.Cleanup(func() { sessions.Close() })

	log := slog.New(slog.DiscardHandler)
	host, err := pluginhost.Start(ctx, pluginhost.Config{Logger: log}, []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(t)}})
	must(t, err)
	t.Cleanup(host.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	e := &durableEnv{URL: "http://" + ln.Addr().String(), DB: db, RedisURL: redisURL, RedisPrefix: prefix}
	st := newSite(t, lodehttp.Config{}, web.Config{SigningKey: testSigningKey, BaseURL: e.URL})
	w := st.Web
	w.Delivery = &learning.Delivery{Modules: catalog{testModule(t)}, Content: host, Learners: db, Progress: db, LRS: &lrs.Service{Statements: db, BaseURL: e.URL}, BaseURL: e.URL}
	w.Sessions = &learning.Sessions{Store: sessions, TTL: time.Hour}
	w.Privacy = &learning.Privacy{Delivery: w.Delivery, Store: db, Accounts: db, Sessions: w.Sessions}
	w.Learners, w.Plugins, w.Media, w.Log = db, host, module.MediaPath, log
	w.Accounts = &learning.Accounts{Store: db, Learners: db, Progress: db, SiteName: "Lode"}
	srv := st.mount(t).Core
	srv.Log = log
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		must(t, srv.Shutdown(ctx))
		must(t, <-done)
	})
	return e
}

func (e *durableEnv) browser(t *testing.T) *browser { return newBrowser(t, e.URL) }

// TestRedisFlushedMidModule: Redis loses every session while a learner is
// half-way through a module. Their next API call asks for a reload; the
// reload gives them a new session for the same learner, from the signed
// learner cookie, with their progress intact, and they finish the module.
func TestRedisFlushedMidModule(t *testing.T) {
	e := mustServeDurable(t)
	b := e.browser(t)
	b.ping(t, "/modules/m1/objects/intro")
	learner, oldSession := learnerCookie(t, b, e.URL), sessionCookie(t, b, e.URL)
	staleToken := csrfToken(t, b.page(t, "/modules/m1/objects/practice"))

	must(t, storetest.DeleteRedisKeys(t.Context(), e.RedisURL, e.RedisPrefix))

	resp, body := b.event(t, "/modules/m1/objects/practice", staleToken, `{"type":"ping"}`)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(errorMessage(t, body), "reload") {
		t.Fatalf("event after the flush: status %d, %v; want 401 asking for a reload", resp.StatusCode, body)
	}
	doc := b.page(t, "/modules/m1/objects/intro")
	if got := learnerCookie(t, b, e.URL); got != learner {
		t.Fatalf("learner cookie changed from %q to %q: the learner was not recognized", learner, got)
	}
	if got := sessionCookie(t, b, e.URL); got == oldSession {
		t.Fatal("the lost session's cookie is still in use")
	}
	if got := text(doc.Find("section[data-lode-object] p")); !strings.Contains(got, `{"Count":1}`) {
		t.Fatalf("the learner's state is gone: %q", got)
	}

	out := b.ping(t, "/modules/m1/objects/practice")
	if done, _ := out["module_completed"].(bool); !done {
		t.Fatalf("the module is not completed by its last required object: %v", out["progress"])
	}
	checkRecords(t, e.DB, strings.SplitN(learner, ".", 2)[0])
}

// checkRecords checks that the learner has one registration holding both
// interactions and their statements, and the module's completion.
func checkRecords(t *testing.T, db *postgres.DB, learnerID string) {
	t.Helper()
	reg, err := db.FindRegistration(t.Context(), learnerID, "m1")
	must(t, err)
	if reg.CompletedAt == nil {
		t.Error("the registration is not completed")
	}
	states, err := db.ObjectStates(t.Context(), reg.ID)
	must(t, err)
	if len(states) != 2 {
		t.Errorf("%d object states, want intro and practice", len(states))
	}
	stmts, _, err := db.Statements(t.Context(), lrs.StatementFilter{Registration: reg.ID})
	must(t, err)
	verbs, moduleCompleted := map[string]int{}, 0
	for _, st := range stmts {
		verbs[st.Verb.ID]++
		if st.Verb.ID == "http://adlnet.gov/expapi/verbs/completed" && strings.HasSuffix(st.Object.ID, "/modules/m1") {
			moduleCompleted++
		}
		if st.Actor.Account == nil || st.Actor.Account.Name != learnerID {
			t.Errorf("statement %s is by %+v, want learner %s", st.ID, st.Actor, learnerID)
		}
	}
	// Each ping makes "interacted" and "completed"; the last one completes
	// the module too.
	if verbs["http://adlnet.gov/expapi/verbs/interacted"] != 2 || verbs["http://adlnet.gov/expapi/verbs/completed"] != 3 || moduleCompleted != 1 {
		t.Errorf("statements by verb %v, module completed %d times: want 2 interacted, 3 completed, the module once", verbs, moduleCompleted)
	}
}
