package storetest

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// testDocuments runs the contract of DocumentStore and DefinitionStore.
func testDocuments(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("Documents", func(t *testing.T) { testDocumentStore(t, open) })
	t.Run("DocumentSets", func(t *testing.T) { testDocumentSets(t, open) })
	t.Run("Definitions", func(t *testing.T) { testDefinitions(t, open) })
}

// stateKey returns the key of a new state document of a new agent.
func stateKey() lrs.DocumentKey {
	return lrs.DocumentKey{Kind: lrs.StateDocument, ActivityID: home + "activities/" + newID(),
		Agent: "mbox::mailto:" + newID() + "@library.example", ID: "bookmark"}
}

func newDocument(k lrs.DocumentKey, contentType, content string) *lrs.Document {
	return &lrs.Document{Key: k, ContentType: contentType, Content: []byte(content), ETag: lrs.ETag([]byte(content))}
}

// put stores d at its key, whatever is there, through UpdateDocument.
func put(t testing.TB, s Stores, d *lrs.Document) error {
	t.Helper()
	return s.Documents.UpdateDocument(t.Context(), d.Key, func(*lrs.Document) (*lrs.Document, error) { return d, nil })
}

// mustPut stores a JSON document at k.
func mustPut(t testing.TB, s Stores, k lrs.DocumentKey, content string) *lrs.Document {
	t.Helper()
	d := newDocument(k, "application/json", content)
	must(t, put(t, s, d))
	return d
}

// wantDocument fails the test unless the stored document at k is want.
func wantDocument(t testing.TB, s Stores, k lrs.DocumentKey, want *lrs.Document) {
	t.Helper()
	got, err := s.Documents.Document(t.Context(), k)
	must(t, err)
	if got.Key != k || got.ContentType != want.ContentType || !bytes.Equal(got.Content, want.Content) || got.ETag != want.ETag {
		t.Fatalf("stored document:\n got %+v %q\nwant %+v %q", got, got.Content, want, want.Content)
	}
	if !got.Updated.Equal(want.Updated) {
		t.Fatalf("Updated %v, want %v as UpdateDocument set it", got.Updated, want.Updated)
	}
}

func wantNoDocument(t testing.TB, s Stores, k lrs.DocumentKey) {
	t.Helper()
	d, err := s.Documents.Document(t.Context(), k)
	wantCode(t, err, engine.ENOTFOUND)
	if d != nil {
		t.Fatalf("got document %+v with the error", d)
	}
}

func testDocumentStore(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		wantNoDocument(t, s, stateKey())
	})

	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		before := now().Add(-time.Second)
		d := newDocument(k, "application/octet-stream", "\x00\xff binary \x80")
		must(t, s.Documents.UpdateDocument(t.Context(), k, func(cur *lrs.Document) (*lrs.Document, error) {
			if cur != nil {
				t.Errorf("change got %+v for an absent document, want nil", cur)
			}
			return d, nil
		}))
		if d.Updated.Before(before) || d.Updated.After(time.Now().Add(time.Second)) {
			t.Fatalf("Updated %v, want about now", d.Updated)
		}
		wantDocument(t, s, k, d)
	})

	t.Run("Replace", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		first := mustPut(t, s, k, `{"page":1}`)
		second := newDocument(k, "text/plain", "page 2")
		must(t, s.Documents.UpdateDocument(t.Context(), k, func(cur *lrs.Document) (*lrs.Document, error) {
			if cur == nil || !bytes.Equal(cur.Content, first.Content) || cur.ETag != first.ETag || cur.ContentType != first.ContentType {
				t.Errorf("change got %+v, want the stored document", cur)
			}
			return second, nil
		}))
		wantDocument(t, s, k, second)
		if second.Updated.Before(first.Updated) {
			t.Fatalf("Updated went back from %v to %v", first.Updated, second.Updated)
		}
	})

	t.Run("ChangeFails", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		d := mustPut(t, s, k, `{"page":1}`)
		refusal := engine.Errorf(engine.EPRECONDITION, "no")
		err := s.Documents.UpdateDocument(t.Context(), k, func(*lrs.Document) (*lrs.Document, error) { return nil, refusal })
		if err != refusal {
			t.Fatalf("got %v, want change's own error", err)
		}
		wantDocument(t, s, k, d)
	})

	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		mustPut(t, s, k, `{"page":1}`)
		deleteIt := func(*lrs.Document) (*lrs.Document, error) { return nil, nil }
		must(t, s.Documents.UpdateDocument(t.Context(), k, deleteIt))
		wantNoDocument(t, s, k)
		must(t, s.Documents.UpdateDocument(t.Context(), k, deleteIt))
	})

	t.Run("Serialized", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		const writers = 8
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for range writers {
			wg.Go(func() {
				errs <- s.Documents.UpdateDocument(t.Context(), k, func(cur *lrs.Document) (*lrs.Document, error) {
					n := 0
					if cur != nil {
						n, _ = strconv.Atoi(string(cur.Content))
					}
					return newDocument(k, "text/plain", strconv.Itoa(n+1)), nil
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		got, err := s.Documents.Document(t.Context(), k)
		must(t, err)
		if string(got.Content) != strconv.Itoa(writers) {
			t.Fatalf("%d increments made %s: changes ran on stale documents", writers, got.Content)
		}
	})

	t.Run("KeysAreDistinct", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		withReg := k
		withReg.Registration = newID()
		otherAgent := k
		otherAgent.Agent = "openid::https://openid.example/" + newID()
		activityProfile := lrs.DocumentKey{Kind: lrs.ActivityProfileDocument, ActivityID: k.ActivityID, ID: k.ID}
		agentProfile := lrs.DocumentKey{Kind: lrs.AgentProfileDocument, Agent: k.Agent, ID: k.ID}
		keys := []lrs.DocumentKey{k, withReg, otherAgent, activityProfile, agentProfile}
		docs := make([]*lrs.Document, len(keys))
		for i, key := range keys {
			docs[i] = mustPut(t, s, key, fmt.Sprintf(`{"n":%d}`, i))
		}
		for i, key := range keys {
			wantDocument(t, s, key, docs[i])
		}
	})
}

func testDocumentSets(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("IDs", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		for _, id := range []string{"c", "a", "b"} {
			k.ID = id
			mustPut(t, s, k, `{}`)
		}
		k.Registration, k.ID = newID(), "a" // the same id in a registration
		mustPut(t, s, k, `{}`)
		k.Registration, k.ID = newID(), "d"
		regDoc := mustPut(t, s, k, `{}`)
		profile := lrs.DocumentKey{Kind: lrs.ActivityProfileDocument, ActivityID: k.ActivityID, ID: "profile"}
		mustPut(t, s, profile, `{}`)

		set := lrs.DocumentSet{Kind: lrs.StateDocument, ActivityID: k.ActivityID, Agent: k.Agent}
		wantIDList(t, s, set, regDoc.Updated, "a", "b", "c", "d")
		set.Registration = k.Registration
		wantIDList(t, s, set, regDoc.Updated, "d")
		set.Registration = newID()
		wantIDList(t, s, set, time.Time{})
		set.Registration = ""
		set.Agent = "mbox::mailto:" + newID() + "@library.example"
		wantIDList(t, s, set, time.Time{})
	})

	t.Run("Since", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		k.ID = "old"
		old := mustPut(t, s, k, `{}`)
		waitPast(t, old.Updated)
		k.ID = "new"
		recent := mustPut(t, s, k, `{}`)
		set := lrs.DocumentSet{Kind: lrs.StateDocument, ActivityID: k.ActivityID, Agent: k.Agent, Since: &old.Updated}
		wantIDList(t, s, set, recent.Updated, "new")
		set.Since = &recent.Updated
		wantIDList(t, s, set, time.Time{})
	})

	t.Run("ProfilesOfAnActivityAndAnAgent", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		mustPut(t, s, k, `{}`)
		a := mustPut(t, s, lrs.DocumentKey{Kind: lrs.ActivityProfileDocument, ActivityID: k.ActivityID, ID: "p1"}, `{}`)
		b := mustPut(t, s, lrs.DocumentKey{Kind: lrs.AgentProfileDocument, Agent: k.Agent, ID: "p2"}, `{}`)
		wantIDList(t, s, lrs.DocumentSet{Kind: lrs.ActivityProfileDocument, ActivityID: k.ActivityID}, a.Updated, "p1")
		wantIDList(t, s, lrs.DocumentSet{Kind: lrs.AgentProfileDocument, Agent: k.Agent}, b.Updated, "p2")
	})

	t.Run("DeleteAll", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		k := stateKey()
		mustPut(t, s, k, `{}`)
		inReg := k
		inReg.Registration = newID()
		mustPut(t, s, inReg, `{}`)
		inOther := k
		inOther.Registration = newID()
		kept := mustPut(t, s, inOther, `{}`)
		profile := mustPut(t, s, lrs.DocumentKey{Kind: lrs.AgentProfileDocument, Agent: k.Agent, ID: k.ID}, `{}`)

		set := lrs.DocumentSet{Kind: lrs.StateDocument, ActivityID: k.ActivityID, Agent: k.Agent, Registration: inReg.Registration}
		must(t, s.Documents.DeleteDocuments(t.Context(), set))
		wantNoDocument(t, s, inReg)
		wantDocument(t, s, inOther, kept)

		set.Registration = ""
		must(t, s.Documents.DeleteDocuments(t.Context(), set))
		wantNoDocument(t, s, k)
		wantNoDocument(t, s, inOther)
		wantDocument(t, s, profile.Key, profile)
	})
}

// wantIDList fails the test unless the ids in set are want, and the latest
// update latest.
func wantIDList(t testing.TB, s Stores, set lrs.DocumentSet, latest time.Time, want ...string) {
	t.Helper()
	ids, updated, err := s.Documents.DocumentIDs(t.Context(), set)
	must(t, err)
	if ids == nil || !slices.Equal(ids, want) {
		t.Fatalf("ids %#v, want %q", ids, want)
	}
	if !updated.Equal(latest) {
		t.Fatalf("latest update %v, want %v", updated, latest)
	}
}

// waitPast returns once the clock is past t, by more than the microsecond
// every store keeps.
func waitPast(t testing.TB, at time.Time) {
	t.Helper()
	for time.Now().Sub(at) < 2*time.Millisecond {
		time.Sleep(time.Millisecond)
	}
}

func testDefinitions(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("ActivityDefinitions", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, b := baseStatement(), baseStatement()
		id := a.Object.ID
		b.Object = xapi.Object{ObjectType: "Activity", ID: home + "activities/" + newID()} // no definition
		b.Context.ContextActivities.Parent = []xapi.Object{{ID: id, Definition: &xapi.ActivityDefinition{
			Name: map[string]string{"fr": "Quiz un"}}}}
		later := b.Stored.Add(time.Second)
		b.Stored = &later
		mustStore(t, s, a, b)

		defs, err := s.Definitions.ActivityDefinitions(t.Context(), id)
		must(t, err)
		if len(defs) != 2 {
			t.Fatalf("got %d definitions, want 2: %s", len(defs), defs)
		}
		sameJSON(t, "oldest definition", a.Object.Definition, defs[0])
		sameJSON(t, "latest definition", b.Context.ContextActivities.Parent[0].Definition, defs[1])

		none, err := s.Definitions.ActivityDefinitions(t.Context(), b.Object.ID)
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("an activity no statement defines has definitions %s", none)
		}
	})

	t.Run("AgentNames", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		a, b, c := baseStatement(), baseStatement(), baseStatement()
		b.Actor, c.Actor = a.Actor, a.Actor
		c.Actor.Name = "Ada L. Reader"
		b.Stored = ptr(a.Stored.Add(time.Second))
		c.Stored = ptr(a.Stored.Add(2 * time.Second))
		mustStore(t, s, a, b, c)
		names, err := s.Definitions.AgentNames(t.Context(), a.Actor.IFI())
		must(t, err)
		if !slices.Equal(names, []string{"Ada L. Reader", "Ada Reader"}) {
			t.Fatalf("names %q, want the latest first, each once", names)
		}
		names, err = s.Definitions.AgentNames(t.Context(), "mbox::mailto:"+newID()+"@library.example")
		must(t, err)
		if len(names) != 0 {
			t.Fatalf("an unknown agent has names %q", names)
		}
	})
}

func ptr[T any](v T) *T { return &v }
