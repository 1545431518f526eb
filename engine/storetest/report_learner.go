package storetest

import (
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

func testLearnerReport(t *testing.T, open func(t *testing.T) (Stores, admin.Reports)) {
	s, rep := open(t)
	done := mustCompleted(t, s, now())
	mustScore(t, s, done, "quiz", 0.9)
	cert, err := s.Certificates.IssueCertificate(t.Context(), newCertificate(done, now()))
	must(t, err)
	midway, err := s.Progress.EnsureRegistration(t.Context(), &learning.Registration{ID: newID(), LearnerID: done.LearnerID, ModuleID: "module-" + newID()})
	must(t, err)
	must(t, s.Progress.RecordInteraction(t.Context(), &learning.ObjectState{RegistrationID: midway.ID, ObjectID: "intro", Completed: true}, nil))

	got, err := rep.LearnerReport(t.Context(), done.LearnerID)
	must(t, err)
	if got.Learner.ID != done.LearnerID || len(got.Modules) != 2 {
		t.Fatalf("learner %s with %d modules, want %s with 2", got.Learner.ID, len(got.Modules), done.LearnerID)
	}
	first, second := got.Modules[0], got.Modules[1]
	if first.ID != done.ID || first.Status() != "completed" || len(first.Scores) != 1 || *first.Scores[0].Scaled != 0.9 {
		t.Errorf("first module %+v, want the completed one with its quiz's 0.9", first)
	}
	if second.ID != midway.ID || second.Status() != "in progress" || len(second.Scores) != 0 {
		t.Errorf("second module %+v, want the one in progress without scores", second)
	}
	if len(got.Certificates) != 1 || got.Certificates[0].Code != cert.Code || got.CEHours() != 1.5 {
		t.Errorf("certificates %+v, want the one issued, 1.5 hours", got.Certificates)
	}
	_, err = rep.LearnerReport(t.Context(), "learner-"+newID())
	wantCode(t, err, engine.ENOTFOUND)
}
