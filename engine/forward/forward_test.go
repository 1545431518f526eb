package forward_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/forward"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// remoteLRS is a remote LRS for the tests: it answers 503 while down,
// refuses the statements in refuse with 400, and records what it stored.
type remoteLRS struct {
	*httptest.Server
	t        testing.TB
	down     atomic.Bool
	emptyOK  atomic.Bool
	failures atomic.Int64
	mu       sync.Mutex
	received []string // statement ids, in the order stored
	refuse   map[string]bool
	parts    map[string]string // attachment contents received, by hash
}

// readBatch reads a batch of statements sent as JSON or multipart/mixed,
// with the attachment parts by their X-Experience-API-Hash.
func readBatch(req *http.Request) ([]xapi.Statement, map[string]string, error) {
	var batch []xapi.Statement
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil {
		return nil, nil, err
	}
	if mt == "application/json" {
		return batch, nil, json.NewDecoder(req.Body).Decode(&batch)
	}
	if mt != "multipart/mixed" {
		return nil, nil, fmt.Errorf("content type %s", mt)
	}
	mr := multipart.NewReader(req.Body, params["boundary"])
	first, err := mr.NextPart()
	if err != nil {
		return nil, nil, err
	}
	if err := json.NewDecoder(first).Decode(&batch); err != nil {
		return nil, nil, err
	}
	parts := map[string]string{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return batch, parts, nil
		}
		if err != nil {
			return nil, nil, err
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, err
		}
		parts[p.Header.Get("X-Experience-API-Hash")] = string(b)
	}
}

func newRemote(t testing.TB) *remoteLRS {
	r := &remoteLRS{t: t, refuse: map[string]bool{}, parts: map[string]string{}}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *remoteLRS) serve(w http.ResponseWriter, req *http.Request) {
	key, secret, _ := req.BasicAuth()
	switch {
	case r.emptyOK.Load(): // a proxy or a broken LRS: 200, nothing stored
		r.failures.Add(1)
		return
	case r.down.Load():
		r.failures.Add(1)
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	case req.Method != http.MethodPost || req.URL.Path != "/xapi/statements":
		http.Error(w, "wrong route "+req.Method+" "+req.URL.Path, http.StatusNotFound)
		return
	case key != "lode" || secret != "remote-secret":
		http.Error(w, "bad credentials", http.StatusUnauthorized)
		return
	case req.Header.Get("X-Experience-API-Version") != "1.0.3":
		http.Error(w, "no version header", http.StatusBadRequest)
		return
	}
	batch, parts, err := readBatch(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for h, c := range parts {
		r.parts[h] = c
	}
	for _, st := range batch {
		if r.refuse[st.ID] {
			http.Error(w, "statement "+st.ID+" is invalid", http.StatusBadRequest)
			return
		}
	}
	ids := make([]string, len(batch))
	for i, st := range batch {
		ids[i] = st.ID
		r.received = append(r.received, st.ID)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ids)
}

func (r *remoteLRS) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.received)
}

func (r *remoteLRS) endpoint() string { return r.URL + "/xapi" }

// waitFor polls cond until it holds or 10 s pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func openDB(t testing.TB, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}

// storeStatements stores n statements, one call each, and returns their ids
// in the order stored.
func storeStatements(t testing.TB, db *sqlite.DB, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		at := time.Now().UTC()
		st := xapi.Statement{ID: uuid.NewString(), Actor: xapi.Agent{ObjectType: "Agent", Mbox: "mailto:ada@library.example"},
			Verb:   xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/experienced"},
			Object: xapi.Object{ObjectType: "Activity", ID: fmt.Sprintf("https://lode.example/modules/m/objects/%d", i)},
			Stored: &at, Timestamp: &at, Version: "1.0.3"}
		if err := db.StoreStatements(t.Context(), []xapi.Statement{st}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	return ids
}

func newForwarder(db *sqlite.DB, remote *remoteLRS, owner string) *forward.Forwarder {
	return forward.New(forward.Config{
		Store: db, Attachments: db,
		Remotes: []forward.Remote{{Endpoint: remote.endpoint(), Key: "lode", Secret: "remote-secret"}},
		Owner:   owner, BatchSize: 3, Poll: 2 * time.Millisecond,
		MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, ReportAfter: time.Millisecond,
	})
}

func backlog(t testing.TB, db lrs.OutboxStore, endpoint string) lrs.ForwardBacklog {
	t.Helper()
	b, err := db.ForwardBacklog(t.Context(), endpoint)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A remote that is down for a while, across a restart of Lode, still gets
// every statement, once, in the order stored.
func TestForward_RemoteDownThenUpAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lode.db")
	remote := newRemote(t)
	remote.down.Store(true)

	db := openDB(t, path)
	f := newForwarder(db, remote, "server-1")
	if err := f.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := storeStatements(t, db, 7)
	waitFor(t, "failed deliveries", func() bool { return remote.failures.Load() >= 3 })
	waitFor(t, "the failure to show in Check", func() bool { return f.Check(t.Context()) != nil })
	if err := f.Check(t.Context()); !strings.Contains(err.Error(), remote.Listener.Addr().String()) {
		t.Fatalf("Check: %v, want it to name the remote", err)
	}
	f.Stop()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Lode restarts, the remote comes back.
	db = openDB(t, path)
	t.Cleanup(func() { db.Close() })
	if b := backlog(t, db, remote.endpoint()); b.Pending != len(want) {
		t.Fatalf("after the restart %d statements pending, want %d", b.Pending, len(want))
	}
	remote.down.Store(false)
	f = newForwarder(db, remote, "server-1")
	if err := f.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer f.Stop()
	want = append(want, storeStatements(t, db, 4)...)
	waitFor(t, "every statement delivered", func() bool { return len(remote.got()) >= len(want) })
	waitFor(t, "the outbox to empty", func() bool { return backlog(t, db, remote.endpoint()).Pending == 0 })
	if got := remote.got(); !slices.Equal(got, want) {
		t.Fatalf("the remote stored\n %v\nwant, once each and in order,\n %v", got, want)
	}
	if err := f.Check(t.Context()); err != nil {
		t.Fatalf("Check after recovery: %v", err)
	}
}

// A statement the remote refuses is set aside; the others go, in order.
func TestForward_RefusedStatementSetAside(t *testing.T) {
	remote := newRemote(t)
	db := openDB(t, filepath.Join(t.TempDir(), "lode.db"))
	t.Cleanup(func() { db.Close() })
	f := newForwarder(db, remote, "server-1")
	if err := f.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer f.Stop()
	remote.down.Store(true) // so that the batch holds the bad statement
	ids := storeStatements(t, db, 6)
	remote.mu.Lock()
	remote.refuse[ids[2]] = true
	remote.mu.Unlock()
	remote.down.Store(false)
	want := slices.Delete(slices.Clone(ids), 2, 3)
	waitFor(t, "the other statements delivered", func() bool { return len(remote.got()) >= len(want) })
	if got := remote.got(); !slices.Equal(got, want) {
		t.Fatalf("the remote stored\n %v\nwant\n %v", got, want)
	}
	waitFor(t, "the refused statement set aside", func() bool {
		b := backlog(t, db, remote.endpoint())
		return b.Pending == 0 && b.Rejected == 1
	})
}

// An empty 200 acknowledges nothing: the statements stay in the outbox and
// reach the remote once it answers with their ids.
func TestForward_EmptyOKIsNotDelivery(t *testing.T) {
	remote := newRemote(t)
	db := openDB(t, filepath.Join(t.TempDir(), "lode.db"))
	t.Cleanup(func() { db.Close() })
	remote.emptyOK.Store(true)
	f := newForwarder(db, remote, "server-1")
	if err := f.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer f.Stop()
	ids := storeStatements(t, db, 4)
	waitFor(t, "a few empty answers", func() bool { return remote.failures.Load() >= 3 })
	if b := backlog(t, db, remote.endpoint()); b.Pending != len(ids) {
		t.Fatalf("after empty 200s the outbox holds %d statements, want all %d", b.Pending, len(ids))
	}
	if st := f.Status()[0]; !strings.Contains(st.LastError, "without the ids") {
		t.Errorf("last error %q, want one saying the answer named no ids", st.LastError)
	}
	remote.emptyOK.Store(false)
	waitFor(t, "delivery once the remote answers properly", func() bool { return len(remote.got()) >= len(ids) })
	if got := remote.got(); !slices.Equal(got, ids) {
		t.Fatalf("the remote stored %v, want %v", got, ids)
	}
}

// Two servers sharing a database deliver each statement once: the lease
// lets one of them at a time work on a remote.
func TestForward_TwoServersOneDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lode.db")
	remote := newRemote(t)
	db1, db2 := openDB(t, path), openDB(t, path)
	t.Cleanup(func() { db1.Close(); db2.Close() })
	f1, f2 := newForwarder(db1, remote, "server-1"), newForwarder(db2, remote, "server-2")
	for _, f := range []*forward.Forwarder{f1, f2} {
		if err := f.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer f.Stop()
	}
	want := append(storeStatements(t, db1, 5), storeStatements(t, db2, 5)...)
	waitFor(t, "every statement delivered", func() bool { return len(remote.got()) >= len(want) })
	waitFor(t, "the outbox to empty", func() bool { return backlog(t, db1, remote.endpoint()).Pending == 0 })
	if got := remote.got(); !slices.Equal(got, want) {
		t.Fatalf("the remote stored\n %v\nwant\n %v", got, want)
	}
	delivering := 0
	for _, f := range []*forward.Forwarder{f1, f2} {
		if f.Status()[0].Delivering {
			delivering++
		}
	}
	if delivering != 1 {
		t.Fatalf("%d servers hold the lease, want 1", delivering)
	}
}

// Attachment content Lode holds goes with its statement, as multipart/mixed.
func TestForward_Attachments(t *testing.T) {
	remote := newRemote(t)
	db := openDB(t, filepath.Join(t.TempDir(), "lode.db"))
	t.Cleanup(func() { db.Close() })
	f := newForwarder(db, remote, "server-1")
	if err := f.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer f.Stop()
	content := "certificate of completion"
	sum := sha256.Sum256([]byte(content))
	hash := hex.EncodeToString(sum[:])
	if err := db.StoreAttachments(t.Context(), []lrs.Attachment{{SHA2: hash, Content: []byte(content)}}); err != nil {
		t.Fatal(err)
	}
	at := time.Now().UTC()
	st := xapi.Statement{ID: uuid.NewString(), Actor: xapi.Agent{ObjectType: "Agent", Mbox: "mailto:ada@library.example"},
		Verb: xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/completed"}, Object: xapi.Object{ObjectType: "Activity", ID: "https://lode.example/m"},
		Attachments: []xapi.Attachment{{UsageType: "https://lode.example/certificate", Display: map[string]string{"en": "Certificate"},
			ContentType: "text/plain", Length: int64(len(content)), SHA2: hash}},
		Stored: &at, Timestamp: &at, Version: "1.0.3"}
	if err := db.StoreStatements(t.Context(), []xapi.Statement{st}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the statement delivered", func() bool { return len(remote.got()) == 1 })
	remote.mu.Lock()
	defer remote.mu.Unlock()
	if remote.parts[hash] != content {
		t.Fatalf("attachment parts received: %v, want %s with its content", remote.parts, hash)
	}
}
