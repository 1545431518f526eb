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
	tok, secret, err := admins.CreateToken(t.Context(), "ada@library.example", "  State library registry ", 0)
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
		other, otherSecret, err := admins.CreateToken(t.Context(), admin.CLI, "revoked", 0)
		must(err)
		must(admins.RevokeToken(t.Context(), admin.CLI, other.ID))
		short, shortSecret, err := admins.CreateToken(t.Context(), admin.CLI, "a day", 1)
		must(err)
		if want := clock.AddDate(0, 0, 1); short.ExpiresAt == nil || !short.ExpiresAt.Equal(want) {
			t.Fatalf("expires %v, want %v", short.ExpiresAt, want)
		}
		if _, err := admins.Authenticate(t.Context(), shortSecret); err != nil {
			t.Fatalf("a token before it expires: %v", err)
		}
		clock = clock.AddDate(0, 0, 1)
		for name, s := range map[string]string{
			"Empty":           "",
			"NoPrefix":        secret[len(admin.TokenPrefix):],
			"Unknown":         admin.TokenPrefix + admin.RandomToken(),
			"Revoked":         otherSecret,
			"Expired":         shortSecret,
			"SecretTruncated": secret[:len(secret)-1],
		} {
			if _, err := admins.Authenticate(t.Context(), s); engine.ErrorCode(err) != engine.EUNAUTHORIZED {
				t.Errorf("%s: %v, want unauthorized", name, err)
			}
		}
		for name, c := range map[string]struct {
			name string
			days int
		}{"Empty": {" ", 0}, "Long": {string(make([]rune, 101)), 0}, "NegativeDays": {"x", -1}, "TooManyDays": {"x", admin.MaxTokenDays + 1}} {
			if _, _, err := admins.CreateToken(t.Context(), admin.CLI, c.name, c.days); engine.ErrorCode(err) != engine.EINVALID {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}
	})
}
