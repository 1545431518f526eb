package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/learning"
)

// mustCompleted stores a learner with a registration completed at done.
func mustCompleted(t testing.TB, s Stores, done time.Time) *learning.Registration {
	t.Helper()
	r := mustRegistration(t, s)
	won, err := s.Progress.CompleteRegistration(t.Context(), r.ID, learning.RegistrationEnd{At: done}, nil)
	must(t, err)
	if !won {
		t.Fatal("a new registration was completed already")
	}
	r.CompletedAt = &done
	return r
}

func newCertificate(r *learning.Registration, issued time.Time) *credential.Certificate {
	return &credential.Certificate{
		Code: credential.NewCode(), RegistrationID: r.ID, LearnerID: r.LearnerID, LearnerName: "Zoë Ñúñez",
		ModuleID: r.ModuleID, ModuleTitle: "Reference interviews", ModuleVersion: "1.2.0", CEHours: 1.5,
		CompletedAt: *r.CompletedAt, IssuedAt: issued,
	}
}

func testCertificates(t *testing.T, open func(t *testing.T) Stores) {
	t.Run("IssueAndFind", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		c := newCertificate(mustCompleted(t, s, now()), now())
		got, err := s.Certificates.IssueCertificate(t.Context(), c)
		must(t, err)
		sameJSON(t, "issued", c, got)
		typed := strings.ToLower(strings.ReplaceAll(c.Code, "-", " "))
		found, err := s.Certificates.CertificateByCode(t.Context(), typed)
		must(t, err)
		sameJSON(t, "found by its code as typed", c, found)
	})

	t.Run("OncePerRegistration", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustCompleted(t, s, now())
		first, err := s.Certificates.IssueCertificate(t.Context(), newCertificate(r, now()))
		must(t, err)
		again := newCertificate(r, now().Add(time.Hour))
		again.LearnerName = "Someone Else"
		got, err := s.Certificates.IssueCertificate(t.Context(), again)
		must(t, err)
		sameJSON(t, "the second issue", first, got)
		_, err = s.Certificates.CertificateByCode(t.Context(), again.Code)
		wantCode(t, err, engine.ENOTFOUND)
	})

	t.Run("OnceUnderConcurrency", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r := mustCompleted(t, s, now())
		const n = 16
		codes := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				c, err := s.Certificates.IssueCertificate(t.Context(), newCertificate(r, now()))
				errs[i] = err
				if err == nil {
					codes[i] = c.Code
				}
			})
		}
		wg.Wait()
		for i := range n {
			must(t, errs[i])
			if codes[i] != codes[0] {
				t.Fatalf("caller %d got certificate %s, caller 0 got %s: want one certificate", i, codes[i], codes[0])
			}
		}
		all, err := s.Certificates.LearnerCertificates(t.Context(), r.LearnerID)
		must(t, err)
		if len(all) != 1 {
			t.Fatalf("the learner has %d certificates, want 1", len(all))
		}
	})

	t.Run("CodeTaken", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		first, err := s.Certificates.IssueCertificate(t.Context(), newCertificate(mustCompleted(t, s, now()), now()))
		must(t, err)
		other := newCertificate(mustCompleted(t, s, now()), now())
		other.Code = first.Code
		_, err = s.Certificates.IssueCertificate(t.Context(), other)
		wantCode(t, err, engine.ECONFLICT)
	})

	t.Run("LearnerCertificates", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		r1 := mustCompleted(t, s, now())
		r2, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{
			ID: newID(), LearnerID: r1.LearnerID, ModuleID: "module-" + newID(),
		})
		must(t, err)
		_, err = s.Progress.CompleteRegistration(t.Context(), r2.ID, learning.RegistrationEnd{At: now()}, nil)
		must(t, err)
		r2.CompletedAt = r1.CompletedAt
		second := newCertificate(r2, now().Add(time.Minute))
		first := newCertificate(r1, now())
		for _, c := range []*credential.Certificate{second, first} {
			_, err := s.Certificates.IssueCertificate(t.Context(), c)
			must(t, err)
		}
		_, err = s.Certificates.IssueCertificate(t.Context(), newCertificate(mustCompleted(t, s, now()), now())) // someone else's
		must(t, err)
		got, err := s.Certificates.LearnerCertificates(t.Context(), r1.LearnerID)
		must(t, err)
		sameJSON(t, "the learner's certificates", []*credential.Certificate{first, second}, got)
		none, err := s.Certificates.LearnerCertificates(t.Context(), "learner-"+newID())
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("an unknown learner has certificates %v", none)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		_, err := s.Certificates.CertificateByCode(t.Context(), credential.NewCode())
		wantCode(t, err, engine.ENOTFOUND)
		_, err = s.Certificates.CertificateByCode(t.Context(), "not a code")
		wantCode(t, err, engine.ENOTFOUND)
		r := mustCompleted(t, s, now())
		for _, id := range []string{newID(), "not-a-uuid"} {
			c := newCertificate(r, now())
			c.RegistrationID = id
			_, err := s.Certificates.IssueCertificate(t.Context(), c)
			wantCode(t, err, engine.ENOTFOUND)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		c := newCertificate(mustCompleted(t, s, now()), now())
		c.LearnerName = " "
		_, err := s.Certificates.IssueCertificate(t.Context(), c)
		wantCode(t, err, engine.EINVALID)
	})
}
