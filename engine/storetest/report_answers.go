package storetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// mustAnswer records r's answer to question: right or wrong, with
// response, under the definition whose prompt is prompt.
func mustAnswer(t testing.TB, s Stores, r *learning.Registration, question, prompt string, right bool, response string) {
	t.Helper()
	st := newStatement(r, "quiz/questions/"+question)
	st.Object.Definition.Name = map[string]string{"en": prompt}
	st.Result.Success, st.Result.Response = &right, response
	must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{st}))
}

// testModuleAnswers checks the questions and answer counts read in the
// database: a question in the order first answered with its first
// definition, answers grouped by success and response, and what is not a
// counted answer (another verb, a voided one, no success, not a question,
// another module, outside the filter) left out.
func testModuleAnswers(t *testing.T, open func(t *testing.T) (Stores, admin.Reports)) {
	s, rep := open(t)
	module := "module-" + newID()
	a, b := mustLearnerAt(t, s, "a@one.example", module), mustLearnerAt(t, s, "b@two.example", module)
	mustAnswer(t, s, a, "q2", "Second, as first asked", false, "x")
	mustAnswer(t, s, a, "q1", "First", true, "b")
	mustAnswer(t, s, b, "q2", "Second, reworded", false, "x")
	mustAnswer(t, s, b, "q2", "Second, reworded", false, "a[,]b")
	mustAnswer(t, s, b, "q2", "Second, reworded", true, "b")

	noSuccess := newStatement(a, "quiz/questions/q1")
	noSuccess.Result.Success = nil
	passed := newStatement(a, "quiz/questions/q1")
	passed.Verb.ID = "http://adlnet.gov/expapi/verbs/passed"
	notQuestion := newStatement(a, "quiz")
	voided := newStatement(a, "quiz/questions/q1")
	must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{noSuccess, passed, notQuestion, voided}))
	void := baseStatement()
	void.Verb = xapi.Verb{ID: "http://adlnet.gov/expapi/verbs/voided"}
	void.Object = xapi.Object{ObjectType: "StatementRef", ID: voided.ID}
	void.Result, void.Context = nil, nil
	must(t, s.Statements.StoreStatements(t.Context(), []xapi.Statement{void}))
	other := mustModuleRegistration(t, s, "module-"+newID())
	mustAnswer(t, s, other, "q1", "First", false, "a")

	q1, q2 := home+"modules/"+module+"/objects/quiz/questions/q1", home+"modules/"+module+"/objects/quiz/questions/q2"
	for _, tc := range []struct {
		name              string
		f                 admin.ReportFilter
		questions, counts []string
	}{
		{"All", admin.ReportFilter{ModuleID: module},
			[]string{q2 + " Second, as first asked", q1 + " First"},
			[]string{q1 + " true b 1", q2 + " false a[,]b 1", q2 + " false x 2", q2 + " true b 1"}},
		{"Domain", admin.ReportFilter{ModuleID: module, EmailDomain: "two.example"},
			[]string{q2 + " Second, reworded"},
			[]string{q2 + " false a[,]b 1", q2 + " false x 1", q2 + " true b 1"}},
		{"NoOne", admin.ReportFilter{ModuleID: module, EmailDomain: "nowhere.example"}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var questions, counts []string
			must(t, rep.ModuleAnswers(t.Context(), tc.f, func(q *admin.AnsweredQuestion) error {
				var d struct{ Name map[string]string }
				must(t, json.Unmarshal(q.Definition, &d))
				questions = append(questions, q.ActivityID+" "+d.Name["en"])
				for _, c := range q.Counts {
					counts = append(counts, fmt.Sprintf("%s %t %s %d", q.ActivityID, c.Success, c.Response, c.N))
				}
				return nil
			}))
			slices.Sort(counts)
			sameJSON(t, "questions, in the order first answered", tc.questions, questions)
			sameJSON(t, "answer counts", tc.counts, counts)
		})
	}
}
