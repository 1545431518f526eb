package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// benchHome is the base URL of the Lode the fault tests and benchmarks
// pretend to be.
const benchHome = "https://ce.library.example"

// lodeStatement returns a statement shaped like the ones the engine makes
// for a quiz answer: an account actor, a question activity with an
// interaction definition, the object and module as context activities,
// the content type's profile, the cmi5 session id and a scored result.
// marker goes into the response, so a test can tell interactions apart.
func lodeStatement(learnerID, registrationID, moduleID, objectID, marker string, at time.Time) xapi.Statement {
	module := benchHome + "/modules/" + moduleID
	object := module + "/objects/" + objectID
	yes, scaled, raw, lo, hi := true, 1.0, 1.0, 0.0, 1.0
	ext, _ := json.Marshal(map[string]string{learning.SessionIDExtension: uuid.NewSHA1(uuid.NameSpaceURL, []byte(learnerID)).String()})
	return xapi.Statement{
		ID:    uuid.NewString(),
		Actor: xapi.Agent{ObjectType: "Agent", Name: "Ada Reader", Account: &xapi.Account{HomePage: benchHome, Name: learnerID}},
		Verb:  xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/answered", Display: map[string]string{"en-US": "answered"}},
		Object: xapi.Object{ObjectType: "Activity", ID: object + "/questions/open-question", Definition: &xapi.ActivityDefinition{
			Name: map[string]string{"en-US": `A patron says "I need a book on dogs." What is the best first reply?`},
			Type: "http://adlnet.gov/expapi/activities/cmi.interaction", InteractionType: "choice",
			CorrectResponsesPattern: []string{"p1"},
			Choices: json.RawMessage(`[{"id":"p1","description":{"en-US":"\"What would you like to know about dogs?\""}},` +
				`{"id":"p2","description":{"en-US":"\"The 636.7 shelf is over there.\""}},` +
				`{"id":"p3","description":{"en-US":"\"Do you have a library card?\""}}]`),
		}},
		Result: &xapi.Result{Score: &xapi.Score{Scaled: &scaled, Raw: &raw, Min: &lo, Max: &hi}, Success: &yes,
			Response: "p1 " + marker, Duration: "PT12.5S"},
		Context: &xapi.Context{
			Registration: registrationID, Platform: "Lode", Language: "en-US", Extensions: ext,
			ContextActivities: &xapi.ContextActivities{
				Parent:   []xapi.Object{{ObjectType: "Activity", ID: object}},
				Grouping: []xapi.Object{{ObjectType: "Activity", ID: module}},
				Category: []xapi.Object{{ObjectType: "Activity", ID: "https://w3id.org/xapi/cmi5/v1.0",
					Definition: &xapi.ActivityDefinition{Type: "http://adlnet.gov/expapi/activities/profile"}}},
			},
		},
		Timestamp: &at, Stored: &at, Version: string(xapi.V103),
		Authority: &xapi.Agent{ObjectType: "Agent", Name: "Lode", Account: &xapi.Account{HomePage: benchHome, Name: "lode engine"}},
	}
}

// lodeStatements returns n statements of one learner's interaction.
func lodeStatements(n int, learnerID, registrationID, moduleID, objectID, marker string) []xapi.Statement {
	at := time.Now()
	out := make([]xapi.Statement, n)
	for i := range out {
		out[i] = lodeStatement(learnerID, registrationID, moduleID, objectID, fmt.Sprintf("%s#%d", marker, i), at)
	}
	return out
}
