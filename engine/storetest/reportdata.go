package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/learning"
)

// The report data set: learners working through the sample module
// (content/reference-desk-basics) as a CE provider's would, some stopping
// at each step, the quiz answered question by question with right and
// wrong answers over up to three attempts, completions with certificates.
// GenerateReportData (reportdata_copy.go) stores it in PostgreSQL.

// ReportHome is the home page of the generated learners' accounts and
// the root of the activity ids.
const ReportHome = "http://lode.example"

// ReportStart is when the first generated learner started; learners start
// over the 26 weeks after it.
var ReportStart = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// SampleModule is the sample module's shape as the reports see it: its
// objects in order (ids, titles, whether required), the mastery score on
// the quiz and the competencies it names.
func SampleModule() *learning.Module {
	return &learning.Module{ID: "reference-desk-basics", Title: "Reference Desk Basics", Version: "1.0.0", CEHours: 1,
		License: "CC-BY-4.0", Language: "en-US",
		Competencies: []string{"public-services.reference-interview", "public-services.customer-service", "ethics.privacy"},
		Completion:   learning.Completion{Mastery: []learning.Mastery{{ObjectID: "check", MinScore: 0.8}}},
		Objects: []learning.Object{
			{ID: "welcome", Type: "page", Title: "Welcome", Required: true},
			{ID: "media-check", Type: "video", Title: "Check your sound and captions", Required: true},
			{ID: "interview", Type: "page", Title: "The reference interview", Required: true},
			{ID: "first-shift", Type: "checklist", Title: "Before your first shift", Required: true},
			{ID: "check", Type: "quiz", Title: "Check your understanding", Required: true},
			{ID: "have-your-say", Type: "poll", Title: "Have your say"},
		}}
}

// sampleQuestion is one question of the sample quiz: its choices (none
// for fill-in and true/false), the right response, the wrong ones
// learners give, and how often a learner gets it right.
type sampleQuestion struct {
	id, prompt, kind string
	choices          [][2]string // id, text
	right            string
	wrong            []string
	pRight           float64
}

var sampleQuiz = []sampleQuestion{
	{id: "open-question", kind: "choice", prompt: `A patron says "I need a book on dogs." What is the best first reply?`,
		choices: [][2]string{{"p1", `"What would you like to know about dogs?"`}, {"p2", `"The 636.7 shelf is over there."`}, {"p3", `"Do you have a library card?"`}},
		right:   "p1", wrong: []string{"p2", "p2", "p3"}, pRight: 0.8},
	{id: "interview-steps", kind: "choice", prompt: "Which of these are steps of a good reference interview?",
		choices: [][2]string{{"approach", "Look up and greet the patron"}, {"paraphrase", "Paraphrase the question back"}, {"guess", "Answer before the patron has finished"}, {"follow-up", `Ask "Did that answer your question?"`}},
		right:   "approach[,]paraphrase[,]follow-up", wrong: []string{"approach[,]paraphrase", "approach[,]follow-up", "approach[,]guess[,]paraphrase"}, pRight: 0.55},
	{id: "privacy", kind: "true-false", prompt: "A patron's borrowing record may be shared with anyone who asks for it.",
		right: "false", wrong: []string{"true"}, pRight: 0.9},
	{id: "ill", kind: "fill-in", prompt: "What is the common name for borrowing an item from another library? (Two words.)",
		right: "interlibrary loan", wrong: []string{"library exchange", "book swap", "inter library lending"}, pRight: 0.7},
	{id: "follow-up-when", kind: "choice", prompt: "When should you ask a follow-up question?",
		choices: [][2]string{{"end", "Before the patron leaves the desk"}, {"never", "Never; it may embarrass the patron"}, {"next-day", "The next day, by email"}},
		right:   "end", wrong: []string{"next-day", "never"}, pRight: 0.75},
}

// Generated rows, as GenerateReportData copies them.
type (
	genLearner      struct{ ID, Name, Email string }
	genRegistration struct {
		ID, LearnerID                string
		StartedAt, UpdatedAt         time.Time
		CompletedAt, FailedAt        *time.Time
		CurrentObject, CompletedVers string
	}
	genState struct {
		RegistrationID, ObjectID string
		Completed                bool
		Success                  *bool
		Scaled                   *float64
		UpdatedAt                time.Time
	}
	genCertificate struct {
		Code, RegistrationID, LearnerID, LearnerName string
		CompletedAt                                  time.Time
	}
	genStatement struct {
		ID, Actor, Verb, Object, Registration string
		At                                    time.Time
		Doc                                   map[string]any
	}
)

// reportData is a whole generated data set.
type reportData struct {
	learners      []genLearner
	registrations []genRegistration
	states        []genState
	certificates  []genCertificate
	statements    []genStatement
}

// learnerRun is what one learner did, as their statements are made.
type learnerRun struct {
	d   *reportData
	rng *rand.Rand
	l   genLearner
	reg *genRegistration
	at  time.Time
	// reached are the objects the learner opened, for the filler
	// statements that bring the total to the one asked for.
	reached []string
}

var genDomains = []string{"library.example", "library.example", "library.example", "county.example", "county.example", "state.example"}

// generateReportData makes learners learners of m (SampleModule) and
// exactly statements statements: each learner's run, then "progressed"
// statements (video positions, checklist ticks, page revisits) spread
// over the objects each learner reached up to the total. Seeded: the
// same arguments make the same runs (statement ids aside).
func generateReportData(m *learning.Module, learners, statements int) (*reportData, error) {
	d := &reportData{}
	rng := rand.New(rand.NewPCG(14, 1000))
	runs := make([]*learnerRun, learners)
	for i := range learners {
		runs[i] = d.run(m, rng, i)
	}
	if len(d.statements) > statements {
		return nil, fmt.Errorf("the learners' runs made %d statements, more than the %d asked for", len(d.statements), statements)
	}
	for i := 0; len(d.statements) < statements; i++ {
		r := runs[i%len(runs)]
		r.at = r.at.Add(time.Duration(1+r.rng.IntN(90)) * time.Second)
		r.statement(adlVerbs+"progressed", r.reached[r.rng.IntN(len(r.reached))], nil, nil)
	}
	// An LRS stores statements as they come, the learners' interleaved:
	// the table's order is time's, which the planner's statistics see.
	slices.SortStableFunc(d.statements, func(a, b genStatement) int { return a.At.Compare(b.At) })
	return d, nil
}

// run makes learner i's registration: they open the module's objects in
// order, stopping at each with a small chance, answer the quiz until they
// pass or run out of attempts, and complete the module with a
// certificate if they pass and reach the end.
func (d *reportData) run(m *learning.Module, rng *rand.Rand, i int) *learnerRun {
	l := genLearner{ID: fmt.Sprintf("gen-%04d", i), Name: fmt.Sprintf("Learner %d", i),
		Email: fmt.Sprintf("learner%d@%s", i, genDomains[i%len(genDomains)])}
	start := ReportStart.Add(time.Duration(rng.Int64N(int64(26 * 7 * 24 * time.Hour))))
	d.learners = append(d.learners, l)
	d.registrations = append(d.registrations, genRegistration{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte(l.ID)).String(),
		LearnerID: l.ID, StartedAt: start, CurrentObject: m.Objects[0].ID, CompletedVers: ""})
	r := &learnerRun{d: d, rng: rng, l: l, reg: &d.registrations[len(d.registrations)-1], at: start}
	r.statement(adlVerbs+"initialized", "", nil, nil)
	passed := false
	for _, o := range m.Objects {
		r.reg.CurrentObject = o.ID
		r.reached = append(r.reached, o.ID)
		if rng.Float64() < 0.06 { // opened it and stopped there
			r.state(o.ID, false, nil, nil)
			break
		}
		if o.Type == "quiz" {
			if passed = r.quiz(o.ID); !passed {
				break
			}
			continue
		}
		r.step(o.ID)
	}
	r.reg.UpdatedAt = r.at
	if passed && rng.Float64() < 0.97 {
		end := r.at.Add(time.Minute)
		r.reg.CompletedAt, r.reg.CompletedVers, r.at = &end, m.Version, end
		r.statement(adlVerbs+"completed", "", nil, nil)
		d.certificates = append(d.certificates, genCertificate{Code: fmt.Sprintf("LODE-%04d-%04d", i, rng.IntN(10000)),
			RegistrationID: r.reg.ID, LearnerID: l.ID, LearnerName: l.Name, CompletedAt: end})
	}
	return r
}

// step is an object other than the quiz: experienced, then completed.
func (r *learnerRun) step(objectID string) {
	r.at = r.at.Add(time.Duration(1+r.rng.IntN(10)) * time.Minute)
	r.statement(adlVerbs+"experienced", objectID, nil, nil)
	r.at = r.at.Add(time.Duration(1+r.rng.IntN(20)) * time.Minute)
	r.statement(adlVerbs+"completed", objectID, map[string]any{"completion": true}, nil)
	r.state(objectID, true, nil, nil)
}

// quiz answers the sample quiz up to three times, stopping when the
// scaled score reaches the mastery score (0.8), or failing the
// registration after the third attempt below it.
func (r *learnerRun) quiz(objectID string) bool {
	var scaled float64
	for range 3 {
		right := 0
		for _, q := range sampleQuiz {
			r.at = r.at.Add(time.Duration(20+r.rng.IntN(100)) * time.Second)
			ok, resp := r.rng.Float64() < q.pRight, q.right
			if ok {
				right++
			} else {
				resp = q.wrong[r.rng.IntN(len(q.wrong))]
			}
			r.statement(adlVerbs+"answered", objectID+"/questions/"+q.id,
				map[string]any{"success": ok, "response": resp}, q.definition())
		}
		scaled = float64(right) / float64(len(sampleQuiz))
		passed := scaled >= 0.8
		verb := map[bool]string{true: "passed", false: "failed"}[passed]
		r.statement(adlVerbs+verb, objectID,
			map[string]any{"success": passed, "completion": passed, "score": map[string]any{"scaled": scaled, "raw": right, "min": 0, "max": len(sampleQuiz)}}, nil)
		if passed {
			r.state(objectID, true, &passed, &scaled)
			return true
		}
	}
	failed := false
	r.state(objectID, false, &failed, &scaled)
	failedAt := r.at
	r.reg.FailedAt = &failedAt
	return false
}

// definition is the question's activity definition, as the quiz plugin
// writes it on each answer.
func (q sampleQuestion) definition() map[string]any {
	def := map[string]any{"type": "http://adlnet.gov/expapi/activities/cmi.interaction",
		"name": map[string]string{"en-US": q.prompt}, "correctResponsesPattern": []string{q.right}}
	switch q.kind {
	case "choice":
		def["interactionType"] = "choice"
		var cs []map[string]any
		for _, c := range q.choices {
			cs = append(cs, map[string]any{"id": c[0], "description": map[string]string{"en-US": c[1]}})
		}
		def["choices"] = cs
	case "true-false":
		def["interactionType"] = "true-false"
	default:
		def["interactionType"] = "fill-in"
	}
	return def
}

func (r *learnerRun) state(objectID string, completed bool, success *bool, scaled *float64) {
	r.d.states = append(r.d.states, genState{RegistrationID: r.reg.ID, ObjectID: objectID, Completed: completed,
		Success: success, Scaled: scaled, UpdatedAt: r.at})
}

// adlVerbs is the prefix of the ADL verbs every generated statement uses.
const adlVerbs = "http://adlnet.gov/expapi/verbs/"

// statement records one statement of the run at r.at about the object
// (the module itself when objectID is ""), shaped as the engine's: an
// account actor, the module as parent, the cmi5 category, the engine as
// authority.
func (r *learnerRun) statement(verb, objectID string, result, definition map[string]any) {
	module := ReportHome + "/modules/" + SampleModule().ID
	object := module
	if objectID != "" {
		object = module + "/objects/" + objectID
	}
	id := uuid.New().String()
	stamp := r.at.UTC().Format("2006-01-02T15:04:05.000000Z")
	obj := map[string]any{"objectType": "Activity", "id": object}
	if definition != nil {
		obj["definition"] = definition
	}
	doc := map[string]any{"id": id, "version": "1.0.3", "timestamp": stamp, "stored": stamp,
		"actor":  map[string]any{"objectType": "Agent", "name": r.l.Name, "account": map[string]string{"homePage": ReportHome, "name": r.l.ID}},
		"verb":   map[string]any{"id": verb, "display": map[string]string{"en-US": verb[len(adlVerbs):]}},
		"object": obj,
		"context": map[string]any{"registration": r.reg.ID, "platform": "Lode", "language": "en-US",
			"contextActivities": map[string]any{"parent": []map[string]string{{"objectType": "Activity", "id": module}},
				"category": []map[string]string{{"objectType": "Activity", "id": "https://w3id.org/xapi/cmi5/v1.0"}}}},
		"authority": map[string]any{"objectType": "Agent", "name": "Lode", "account": map[string]string{"homePage": ReportHome, "name": "lode engine"}},
	}
	if result != nil {
		doc["result"] = result
	}
	r.d.statements = append(r.d.statements, genStatement{ID: id, Actor: "account::" + ReportHome + "|" + r.l.ID,
		Verb: verb, Object: object, Registration: r.reg.ID, At: r.at, Doc: doc})
}
