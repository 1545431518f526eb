package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

// testLRSClientsAndOutbox runs the contract of CredentialStore and
// OutboxStore.
func testLRSClientsAndOutbox(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("LRSClients", func(t *testing.T) { testLRSClients(t, open) })
	t.Run("Outbox", func(t *testing.T) { testOutbox(t, open) })
}

func newLRSClient() *lrs.StoredClient {
	return &lrs.StoredClient{SecretHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", Client: lrs.Client{
		Key: "key-" + newID(), Label: "Moodle at Main Library", CreatedAt: now(),
		Scopes: []string{lrs.ScopeStatementsWrite, lrs.ScopeStatementsReadMine},
	}}
}

func testLRSClients(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("CreateAndGet", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		c := newLRSClient()
		must(t, s.Credentials.CreateLRSClient(t.Context(), c))
		got, err := s.Credentials.Client(t.Context(), c.Key)
		must(t, err)
		sameJSON(t, "client", c, got)
	})

	t.Run("CreateConflict", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		c := newLRSClient()
		must(t, s.Credentials.CreateLRSClient(t.Context(), c))
		other := newLRSClient()
		// Another client: the same row again counts as this create's own
		// INSERT run twice (see sameLRSClient), so the secret differs.
		other.Key, other.SecretHash = c.Key, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$b3RoZXI"
		wantCode(t, s.Credentials.CreateLRSClient(t.Context(), other), engine.ECONFLICT)
		got, err := s.Credentials.Client(t.Context(), c.Key)
		must(t, err)
		if got.SecretHash != c.SecretHash {
			t.Fatal("a conflicting create replaced the secret hash")
		}
	})

	t.Run("CreateWithoutKeyOrHash", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		c := newLRSClient()
		c.SecretHash = ""
		wantCode(t, s.Credentials.CreateLRSClient(t.Context(), c), engine.EINVALID)
		c = newLRSClient()
		c.Key = ""
		wantCode(t, s.Credentials.CreateLRSClient(t.Context(), c), engine.EINVALID)
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		_, err := s.Credentials.Client(t.Context(), "key-"+newID())
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("ListOldestFirst", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		older, newer := newLRSClient(), newLRSClient()
		older.CreatedAt = now().Add(-time.Hour)
		must(t, s.Credentials.CreateLRSClient(t.Context(), newer))
		must(t, s.Credentials.CreateLRSClient(t.Context(), older))
		list, err := s.Credentials.LRSClients(t.Context())
		must(t, err)
		var mine []lrs.Client
		for _, c := range list {
			if c.Key == older.Key || c.Key == newer.Key {
				mine = append(mine, c)
			}
		}
		sameJSON(t, "listed clients", []lrs.Client{older.Client, newer.Client}, mine)
	})

	t.Run("RevokeKeepsFirstTime", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		c := newLRSClient()
		must(t, s.Credentials.CreateLRSClient(t.Context(), c))
		first := now()
		must(t, s.Credentials.RevokeLRSClient(t.Context(), c.Key, first))
		must(t, s.Credentials.RevokeLRSClient(t.Context(), c.Key, first.Add(time.Hour)))
		got, err := s.Credentials.Client(t.Context(), c.Key)
		must(t, err)
		if got.RevokedAt == nil || !got.RevokedAt.Equal(first) {
			t.Fatalf("RevokedAt %v, want %v", got.RevokedAt, first)
		}
		wantCode(t, s.Credentials.RevokeLRSClient(t.Context(), "key-"+newID(), first), engine.ENOTFOUND)
	})

	t.Run("Touch", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		c := newLRSClient()
		must(t, s.Credentials.CreateLRSClient(t.Context(), c))
		at := now()
		must(t, s.Credentials.TouchLRSClient(t.Context(), c.Key, at))
		got, err := s.Credentials.Client(t.Context(), c.Key)
		must(t, err)
		if got.LastUsedAt == nil || !got.LastUsedAt.Equal(at) {
			t.Fatalf("LastUsedAt %v, want %v", got.LastUsedAt, at)
		}
		if !slices.Equal(got.Scopes, c.Scopes) {
			t.Fatalf("scopes %v, want %v", got.Scopes, c.Scopes)
		}
	})
}
