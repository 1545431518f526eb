package storetest

import (
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

func testTokens(t *testing.T, s admin.Store) {
	ctx := t.Context()
	expires := now().AddDate(1, 0, 0)
	tok := &admin.TokenAccount{Token: admin.Token{ID: "t-" + newID(), Name: "state library", CreatedBy: admin.CLI, CreatedAt: now(), ExpiresAt: &expires},
		Hash: "hash-" + newID()}
	must(t, s.CreateToken(ctx, tok, entry("token.create", tok.ID)))

	got, err := s.TokenByHash(ctx, tok.Hash)
	must(t, err)
	sameJSON(t, "token", tok, got)
	_, err = s.TokenByHash(ctx, "no-such-hash")
	wantCode(t, err, engine.ENOTFOUND)

	t.Run("TouchedOnceAMinute", func(t *testing.T) {
		first := now()
		must(t, s.TouchToken(ctx, tok.ID, first))
		must(t, s.TouchToken(ctx, tok.ID, first.Add(30*time.Second)))
		got, err := s.TokenByHash(ctx, tok.Hash)
		must(t, err)
		if got.LastUsedAt == nil || !got.LastUsedAt.Equal(first) {
			t.Fatalf("last used %v, want %v: a use within the minute is not written", got.LastUsedAt, first)
		}
		must(t, s.TouchToken(ctx, tok.ID, first.Add(2*time.Minute)))
		if got, _ = s.TokenByHash(ctx, tok.Hash); !got.LastUsedAt.Equal(first.Add(2 * time.Minute)) {
			t.Fatalf("last used %v, want two minutes later", got.LastUsedAt)
		}
	})

	t.Run("Revoke", func(t *testing.T) {
		must(t, s.RevokeToken(ctx, tok.ID, entry("token.revoke", tok.ID)))
		got, err := s.TokenByHash(ctx, tok.Hash)
		must(t, err)
		if got.RevokedAt == nil {
			t.Fatal("the revoked token has no revoked_at")
		}
		wantCode(t, s.RevokeToken(ctx, tok.ID, entry("token.revoke", tok.ID)), engine.ECONFLICT)
		wantCode(t, s.RevokeToken(ctx, "no-such-token", entry("token.revoke", "x")), engine.ENOTFOUND)
	})

	list, err := s.Tokens(ctx)
	must(t, err)
	if len(list) != 1 || list[0].ID != tok.ID || list[0].RevokedAt == nil {
		t.Fatalf("tokens %+v, want the one, revoked", list)
	}
	log, err := s.AuditLog(ctx, 0, 10)
	must(t, err)
	if len(log) != 2 || log[0].Action != "token.revoke" || log[1].Action != "token.create" {
		t.Fatalf("audit log %+v, want the creation and one revocation: a refused one writes nothing", log)
	}
}
