package credential

import (
	"cmp"
	"context"
	"errors"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// Service issues certificates and finds them, for their learner and for
// anyone holding a code.
type Service struct {
	Store    Store
	Learners learning.LearnerStore
	Progress learning.ProgressStore
	Modules  learning.Modules
	Issuer   *Issuer
	Now      func() time.Time // for tests; time.Now when nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// ErrNoName marks the refusal to issue a certificate to a learner who has
// not given their name: nothing is issued nameless. Match it with
// errors.Is.
var ErrNoName = errors.New("the learner has no name")

// ErrNotCompleted marks the refusal to issue a certificate for a module
// the learner has not completed; match it with errors.Is.
var ErrNotCompleted = errors.New("the module is not completed")

// Issue returns the learner's certificate for a module they completed,
// issuing it on the first call: once per registration, however many
// calls, at once or not. EINVALID wrapping ErrNoName if the learner has
// no name yet, or ErrNotCompleted if they have not completed the module
// (or are nobody: learnerID ""); ENOTFOUND if the module does not exist.
func (s *Service) Issue(ctx context.Context, learnerID, moduleID string) (*Certificate, error) {
	m, err := s.Modules.Module(moduleID)
	if err != nil {
		return nil, err
	}
	reg, err := s.Progress.FindRegistration(ctx, learnerID, moduleID)
	if engine.ErrorCode(err) == engine.ENOTFOUND || (err == nil && reg.CompletedAt == nil) {
		return nil, &engine.Error{Code: engine.EINVALID,
			Message: "you have not completed " + m.Title + " yet; complete it to get its certificate", Err: ErrNotCompleted}
	} else if err != nil {
		return nil, err
	}
	l, err := s.Learners.Learner(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(l.Name) == "" {
		return nil, &engine.Error{Code: engine.EINVALID,
			Message: "add your name to your profile first: a certificate shows it", Err: ErrNoName}
	}
	// The version completed, not the module's current one: the module may
	// have been edited since. Registrations completed before versions were
	// kept have none; the current version is the best there is for them.
	version := cmp.Or(reg.CompletedVersion, m.Version)
	c := &Certificate{
		RegistrationID: reg.ID, LearnerID: l.ID, LearnerName: strings.TrimSpace(l.Name),
		ModuleID: m.ID, ModuleTitle: m.Title, ModuleVersion: version, CEHours: m.CEHours,
		CompletedAt: *reg.CompletedAt, IssuedAt: s.now(),
	}
	// A new code collides with a stored one once in 2^60 draws per
	// certificate; one more draw settles it.
	for attempt := 0; ; attempt++ {
		c.Code = NewCode()
		got, err := s.Store.IssueCertificate(ctx, c)
		if engine.ErrorCode(err) == engine.ECONFLICT && attempt == 0 {
			continue
		}
		return got, err
	}
}

// Verify returns the certificate with the code, for the public
// verification page; ENOTFOUND if there is none, including for text that
// cannot be a code.
func (s *Service) Verify(ctx context.Context, code string) (*Certificate, error) {
	if CodeHash(code) == "" {
		return nil, engine.Errorf(engine.ENOTFOUND, "no certificate has this code")
	}
	return s.Store.CertificateByCode(ctx, code)
}

// Mine returns the certificate with the code if it is the learner's;
// ENOTFOUND otherwise, whether it is someone else's or nobody's, so that
// a learner learns nothing of other learners' certificates here.
func (s *Service) Mine(ctx context.Context, learnerID, code string) (*Certificate, error) {
	c, err := s.Verify(ctx, code)
	if err != nil {
		return nil, err
	}
	if learnerID == "" || c.LearnerID != learnerID {
		return nil, engine.Errorf(engine.ENOTFOUND, "you have no certificate with this code")
	}
	return c, nil
}

// Learner returns the learner's certificates, oldest first.
func (s *Service) Learner(ctx context.Context, learnerID string) ([]Certificate, error) {
	return s.Store.LearnerCertificates(ctx, learnerID)
}
