package storetest

import (
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// The suite reads back what it wrote through the methods the engine
// calls, so that no store method exists for the tests alone.

// registrationOf reads r back by learner and module.
func registrationOf(t testing.TB, s Stores, r *learning.Registration) (*learning.Registration, error) {
	t.Helper()
	return s.Progress.FindRegistration(t.Context(), r.LearnerID, r.ModuleID)
}

// objectState returns the stored state of one object of a registration;
// engine.ENOTFOUND if it has none.
func objectState(t testing.TB, s Stores, registrationID, objectID string) (*learning.ObjectState, error) {
	t.Helper()
	states, err := s.Progress.ObjectStates(t.Context(), registrationID)
	if err != nil {
		return nil, err
	}
	for i := range states {
		if states[i].ObjectID == objectID {
			return &states[i], nil
		}
	}
	return nil, engine.Errorf(engine.ENOTFOUND, "object %s of registration %s has no stored state", objectID, registrationID)
}

// storedStatement returns one statement by id, voided or not;
// engine.ENOTFOUND if absent.
func storedStatement(t testing.TB, s Stores, id string) (*xapi.Statement, error) {
	t.Helper()
	st, err := s.Statements.StatementByID(t.Context(), id, false)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return s.Statements.StatementByID(t.Context(), id, true)
	}
	return st, err
}
