package lrs

import (
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

// EngineVoids returns, ready to store, statements by which Lode itself
// voids the statements with the given ids: actor and authority are the
// Engine's account, never the person the voided statements were about, so
// that a voiding statement sent to another LRS says nothing about them.
// It is how an erased learner's statements are withdrawn from the remotes
// they were forwarded to.
func (l *Service) EngineVoids(ids []string, at time.Time) ([]xapi.Statement, error) {
	eng := l.Engine()
	stmts := make([]xapi.Statement, len(ids))
	for i, id := range ids {
		ts := at
		stmts[i] = xapi.Statement{
			Actor:     *eng.Authority,
			Verb:      xapi.Verb{ID: xapi.VoidedVerb, Display: map[string]string{"en-US": "voided"}},
			Object:    xapi.Object{ObjectType: "StatementRef", ID: id},
			Timestamp: &ts,
		}
	}
	if _, err := l.Prepare(eng, stmts, xapi.V103, nil); err != nil {
		return nil, err
	}
	return stmts, nil
}
