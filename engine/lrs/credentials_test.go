package lrs_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlite"
)

func mustCredentialDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(tb.Context(), "file:"+filepath.Join(tb.TempDir(), "lode.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(tb.Context()); err != nil {
		tb.Fatal(err)
	}
	return db
}

const bootstrapSecret = "bootstrap-secret-for-tests"

func newCredentials(tb testing.TB, db lrs.CredentialStore) *lrs.Credentials {
	return lrs.NewCredentials(db, lrs.CredentialsConfig{
		BaseURL: "https://lode.example", BootstrapKey: "conformance", BootstrapSecret: bootstrapSecret,
	})
}

func wantErrCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := engine.ErrorCode(err); got != code {
		tb.Fatalf("got %q (%v), want %s", got, err, code)
	}
}

func TestHashSecret(t *testing.T) {
	h1, h2 := lrs.HashSecret("s3cret"), lrs.HashSecret("s3cret")
	if !strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$") || h1 == h2 {
		t.Fatalf("hashes %q and %q: want argon2id PHC strings with different salts", h1, h2)
	}
	for secret, want := range map[string]bool{"s3cret": true, "s3cret ": false, "": false} {
		if ok, err := lrs.VerifySecret(h1, secret); err != nil || ok != want {
			t.Errorf("VerifySecret(%q) = %v, %v; want %v", secret, ok, err, want)
		}
	}
	for _, bad := range []string{"", "s3cret", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=0,t=2,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA"} {
		_, err := lrs.VerifySecret(bad, "s3cret")
		wantErrCode(t, err, engine.EINTERNAL)
	}
}

func TestCredentials(t *testing.T) {
	ctx := t.Context()

	t.Run("CreateAuthenticateRevoke", func(t *testing.T) {
		db := mustCredentialDB(t)
		creds := newCredentials(t, db)
		cl, secret, err := creds.Create(ctx, "Moodle", []string{"statements/write", "statements/read", "statements/write"})
		if err != nil {
			t.Fatal(err)
		}
		if len(secret) < 50 || cl.Key == "" || strings.Join(cl.Scopes, " ") != "statements/write statements/read" {
			t.Fatalf("client %+v, secret %q", cl, secret)
		}
		stored, err := db.Client(ctx, cl.Key)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored.SecretHash, secret) {
			t.Fatal("the secret is stored as it is")
		}
		got, err := creds.Authenticate(ctx, cl.Key, secret)
		if err != nil || got.Key != cl.Key {
			t.Fatalf("Authenticate: %+v, %v", got, err)
		}
		_, err = creds.Authenticate(ctx, cl.Key, secret+"x")
		wantErrCode(t, err, engine.EUNAUTHORIZED)
		_, err = creds.Authenticate(ctx, "nobody", secret)
		wantErrCode(t, err, engine.EUNAUTHORIZED)

		// Revoked by another process (the CLI): refused at once, though
		// this process verified the secret a moment ago.
		if err := newCredentials(t, db).Revoke(ctx, cl.Key); err != nil {
			t.Fatal(err)
		}
		_, err = creds.Authenticate(ctx, cl.Key, secret)
		wantErrCode(t, err, engine.EUNAUTHORIZED)
		wantErrCode(t, creds.Revoke(ctx, "nobody"), engine.ENOTFOUND)
	})

	t.Run("DefaultAndUnknownScopes", func(t *testing.T) {
		creds := newCredentials(t, mustCredentialDB(t))
		cl, _, err := creds.Create(ctx, "", nil)
		if err != nil || strings.Join(cl.Scopes, " ") != "statements/write statements/read/mine" {
			t.Fatalf("default scopes %v, %v", cl, err)
		}
		_, _, err = creds.Create(ctx, "", []string{"statements/delete"})
		wantErrCode(t, err, engine.EINVALID)
	})

	t.Run("Bootstrap", func(t *testing.T) {
		creds := newCredentials(t, mustCredentialDB(t))
		cl, err := creds.Authenticate(ctx, "conformance", bootstrapSecret)
		if err != nil || !cl.Bootstrap || strings.Join(cl.Scopes, " ") != "all" {
			t.Fatalf("bootstrap client %+v, %v", cl, err)
		}
		_, err = creds.Authenticate(ctx, "conformance", "wrong")
		wantErrCode(t, err, engine.EUNAUTHORIZED)
		wantErrCode(t, creds.Revoke(ctx, "conformance"), engine.EINVALID)
		list, err := creds.List(ctx)
		if err != nil || len(list) != 1 || !list[0].Bootstrap {
			t.Fatalf("List: %+v, %v", list, err)
		}
		authority := creds.Authority(cl)
		if authority.IFI() != "account::https://lode.example|conformance" {
			t.Fatalf("authority %s", authority.IFI())
		}
	})

	t.Run("LastUsedAtMostOnceAMinute", func(t *testing.T) {
		db := mustCredentialDB(t)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		creds := lrs.NewCredentials(db, lrs.CredentialsConfig{BaseURL: "https://lode.example", Now: func() time.Time { return at }})
		cl, secret, err := creds.Create(ctx, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		use := func() *time.Time {
			if _, err := creds.Authenticate(ctx, cl.Key, secret); err != nil {
				t.Fatal(err)
			}
			got, err := db.Client(ctx, cl.Key)
			if err != nil {
				t.Fatal(err)
			}
			return got.LastUsedAt
		}
		first := at
		if got := use(); got == nil || !got.Equal(first) {
			t.Fatalf("LastUsedAt %v, want %v", got, first)
		}
		at = at.Add(30 * time.Second)
		if got := use(); !got.Equal(first) {
			t.Fatalf("LastUsedAt %v after 30 s, want still %v", got, first)
		}
		at = at.Add(time.Minute)
		if got := use(); !got.Equal(at) {
			t.Fatalf("LastUsedAt %v after 90 s, want %v", got, at)
		}
	})
}

func TestLRSClientAllows(t *testing.T) {
	tests := []struct {
		scopes   []string
		scope    string
		read     bool
		ok, mine bool
	}{
		{[]string{"all"}, lrs.ScopeStatementsWrite, false, true, false},
		{[]string{"all/read"}, lrs.ScopeStatementsRead, true, true, false},
		{[]string{"all/read"}, lrs.ScopeState, true, true, false},
		{[]string{"all/read"}, lrs.ScopeState, false, false, false},
		{[]string{"statements/write"}, lrs.ScopeStatementsWrite, false, true, false},
		{[]string{"statements/write"}, lrs.ScopeStatementsRead, true, false, false},
		{[]string{"statements/read/mine"}, lrs.ScopeStatementsRead, true, true, true},
		{[]string{"statements/read/mine", "statements/read"}, lrs.ScopeStatementsRead, true, true, false},
		{[]string{"statements/read"}, lrs.ScopeState, true, false, false},
		{[]string{"state"}, lrs.ScopeState, false, true, false},
		{[]string{"profile"}, lrs.ScopeProfile, true, true, false},
		{[]string{"define"}, "", true, true, false},
	}
	for _, tt := range tests {
		cl := &lrs.Client{Scopes: tt.scopes}
		if ok, mine := cl.Allows(tt.scope, tt.read); ok != tt.ok || mine != tt.mine {
			t.Errorf("%v allows %q (read %v) = %v, %v; want %v, %v", tt.scopes, tt.scope, tt.read, ok, mine, tt.ok, tt.mine)
		}
	}
}

// The cache of verified secrets is what keeps the hash off each request:
// compare the two.
func BenchmarkAuthenticate(b *testing.B) {
	db := mustCredentialDB(b)
	creds := newCredentials(b, db)
	cl, secret, err := creds.Create(b.Context(), "", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := creds.Authenticate(b.Context(), cl.Key, secret); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Uncached", func(b *testing.B) {
		stored, err := db.Client(b.Context(), cl.Key)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if ok, err := lrs.VerifySecret(stored.SecretHash, secret); !ok || err != nil {
				b.Fatal(ok, err)
			}
		}
	})
}
