package admin_test

import (
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/sqlite"
)

func TestTokens(t *testing.T) {
	db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(t.TempDir(), "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	admins := &admin.Admins{Store: db, Now: func() time.Time { return clock }}
	tok, secret, err := admins.CreateToken(t.Context(), "ada@library.example", "  State library registry ")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^lode_pat_[A-Za-z0-9_-]{43}$`).MatchString(secret) || tok.Name != "State library registry" {
		t.Fatalf("token %q named %q, want lode_pat_ and 43 base64url characters, the name trimmed", secret, tok.Name)
	}
	use := func(at time.Time) *time.Time {
		t.Helper()
		clock = at
		if _, err := admins.Authenticate(t.Context(), secret); err != nil {
			t.Fatal(err)
		}
		list, err := db.Tokens(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return list[0].LastUsedAt
	}
	first := clock.Add(time.Hour)
	if got := use(first); got == nil || !got.Equal(first) {
		t.Fatalf("last used %v, want %v", got, first)
	}
	if got := use(first.Add(59 * time.Second)); !got.Equal(first) {
		t.Fatalf("last used %v after a use within the minute, want still %v", got, first)
	}
	if got := use(first.Add(time.Minute)); !got.Equal(first.Add(time.Minute)) {
		t.Fatalf("last used %v a minute later, want %v", got, first.Add(time.Minute))
	}
	t.Run("Refused", func(t *testing.T) {
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		other, otherSecret, err := admins.CreateToken(t.Context(), admin.CLI, "revoked")
		must(err)
		must(admins.RevokeToken(t.Context(), admin.CLI, other.ID))
		for name, s := range map[string]string{
			"Empty":           "",
			"NoPrefix":        secret[len(admin.TokenPrefix):],
			"Unknown":         admin.TokenPrefix + admin.RandomToken(),
			"Revoked":         otherSecret,
			"SecretTruncated": secret[:len(secret)-1],
		} {
			if _, err := admins.Authenticate(t.Context(), s); engine.ErrorCode(err) != engine.EUNAUTHORIZED {
				t.Errorf("%s: %v, want unauthorized", name, err)
			}
		}
		for name, n := range map[string]string{"Empty": " ", "Long": string(make([]rune, 101))} {
			if _, _, err := admins.CreateToken(t.Context(), admin.CLI, n); engine.ErrorCode(err) != engine.EINVALID {
				t.Errorf("name %s: %v, want invalid", name, err)
			}
		}
	})
}
