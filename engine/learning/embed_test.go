package learning_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

func TestEmbedLearner(t *testing.T) {
	f := MustDelivery(t)
	ctx := context.Background()
	ada := learning.EmbedIdentity{Site: "https://library.example", Subject: "42", Name: "Ada", Email: "ada@library.example"}
	first, err := f.d.EmbedLearner(ctx, ada)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("SameSiteAndSubject", func(t *testing.T) {
		again, err := f.d.EmbedLearner(ctx, learning.EmbedIdentity{Site: ada.Site, Subject: ada.Subject, Name: "Ada L."})
		if err != nil || again.ID != first.ID || again.Name != "Ada L." || again.Email != ada.Email {
			t.Errorf("again: %+v, %v; want %s renamed, email kept", again, err, first.ID)
		}
	})
	t.Run("OtherSiteOrSubject", func(t *testing.T) {
		for _, id := range []learning.EmbedIdentity{{Site: "https://other.example", Subject: "42"}, {Site: ada.Site, Subject: "43"}} {
			l, err := f.d.EmbedLearner(ctx, id)
			if err != nil || l.ID == first.ID {
				t.Errorf("%+v: %+v, %v", id, l, err)
			}
		}
	})
	t.Run("VerifiedEmailKept", func(t *testing.T) {
		bob := learning.EmbedIdentity{Site: ada.Site, Subject: "bob", Email: "bob@library.example"}
		l, err := f.d.EmbedLearner(ctx, bob)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.db.VerifyEmail(ctx, l.ID, bob.Email, time.Now()); err != nil {
			t.Fatal(err)
		}
		bob.Email = "mallory@evil.example"
		l, err = f.d.EmbedLearner(ctx, bob)
		if err != nil || l.Email != "bob@library.example" {
			t.Errorf("a launch changed a verified email: %+v, %v", l, err)
		}
	})
	t.Run("EmailClaimsNoAccount", func(t *testing.T) {
		// The learner f made has verified ada's email: a launch naming that
		// email is still its own learner, not that account.
		if err := f.db.VerifyEmail(ctx, f.learner.ID, "owner@library.example", time.Now()); err != nil {
			t.Fatal(err)
		}
		l, err := f.d.EmbedLearner(ctx, learning.EmbedIdentity{Site: ada.Site, Subject: "x", Email: "owner@library.example"})
		if err != nil || l.ID == f.learner.ID {
			t.Errorf("a launch reached the account by its email: %+v, %v", l, err)
		}
	})
	t.Run("FollowsMerge", func(t *testing.T) {
		if err := f.db.MergeLearner(ctx, first.ID, f.learner.ID, nil, nil); err != nil {
			t.Fatal(err)
		}
		l, err := f.d.EmbedLearner(ctx, learning.EmbedIdentity{Site: ada.Site, Subject: ada.Subject})
		if err != nil || l.ID != f.learner.ID {
			t.Errorf("after a merge: %+v, %v; want %s", l, err, f.learner.ID)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		for _, id := range []learning.EmbedIdentity{{Site: ada.Site}, {Subject: "1"}, {Site: ada.Site, Subject: "1", Email: "not an email"}} {
			if _, err := f.d.EmbedLearner(ctx, id); engine.ErrorCode(err) != engine.EINVALID {
				t.Errorf("%+v: %v, want EINVALID", id, err)
			}
		}
	})
}

func TestCheckEmbedOrigin(t *testing.T) {
	for _, o := range []string{"https://library.example", "https://library.example:8443", "http://localhost", "http://localhost:8080", "http://127.0.0.1:9000"} {
		if err := learning.CheckEmbedOrigin(o); err != nil {
			t.Errorf("%s: %v", o, err)
		}
	}
	for o, want := range map[string]string{
		"http://library.example": "accepted only for http://localhost", "https://library.example/": "no path, trailing slash",
		"https://*.example": "wildcard", "library.example": "must be an origin", "ftp://library.example": "https://",
		"https://user@library.example": "must be an origin", "http://localhost.evil.example": "accepted only for",
	} {
		if err := learning.CheckEmbedOrigin(o); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", o, err, want)
		}
	}
}
