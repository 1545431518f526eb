package quiz

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// Question types an author can write in a question's "type".
const (
	singleChoice     = "single_choice"
	multipleResponse = "multiple_response"
	trueFalse        = "true_false"
	fillIn           = "fill_in"
)

// Layouts an author can write in the quiz's "layout".
const (
	layoutAll          = "all"            // every question on one screen (the default)
	layoutOnePerScreen = "one_per_screen" // one question at a time, with next and previous
)

// Defaults for fields an author may leave out.
const (
	defaultPassingScore = 0.8
	defaultPoints       = 1
	maxAnswerRunes      = 500 // longest fill-in answer a learner may send
)

// config is one quiz object's configuration, decoded from the JSON the
// engine converts module.yaml's "config:" into (configFile, whose tags give
// the JSON Schema the quiz publishes), with defaults filled in.
type config struct {
	Intro        string
	PassingScore float64
	MaxAttempts  int // 0 means unlimited
	Shuffle      bool
	Layout       string // layoutAll or layoutOnePerScreen; "" means all
	Questions    []question
}

// paged reports whether the quiz shows one question per screen.
func (c *config) paged() bool { return c.Layout == layoutOnePerScreen }

// page returns the screen a learner is on, kept in range if the author
// removed questions since it was stored.
func (c *config) page(st *learnerState) int {
	return min(max(st.Page, 0), len(c.Questions)-1)
}

// question is one question of a quiz. Which fields matter depends on Type.
type question struct {
	ID            string
	Type          string
	Prompt        string
	Points        float64
	Choices       []choice // single_choice, multiple_response
	Answer        bool     // true_false
	Accepted      []string // fill_in
	CaseSensitive bool     // fill_in
	Feedback      feedback
	// plainPrompt is Prompt as plain text, for xAPI names: set once by
	// decodeValid, as turning Markdown into text was most of the quiz's
	// work on every answer.
	plainPrompt string

	// written records which keys the author wrote, so Validate can tell a
	// missing "answer" from answer: false and flag fields the type ignores.
	written map[string]bool
	// unreadable is a question that is not a mapping, already reported.
	unreadable bool
}

// choice is one option of a choice question.
type choice struct {
	ID       string
	Text     string
	Correct  bool
	Feedback string // shown after submission when the learner picked it
	plain    string // Text as plain text, set with question.plainPrompt

	unreadable bool // not a mapping, already reported
}

// feedback is a question's feedback, shown after submission.
type feedback struct {
	Correct   string
	Incorrect string
}

// isChoice reports whether the question is answered by picking choices.
func (q *question) isChoice() bool {
	return q.Type == singleChoice || q.Type == multipleResponse
}

// choiceByID returns the choice with the given id, or nil.
func (q *question) choiceByID(id string) *choice {
	for i := range q.Choices {
		if q.Choices[i].ID == id {
			return &q.Choices[i]
		}
	}
	return nil
}

// totalPoints is the most a learner can score on the quiz.
func (c *config) totalPoints() float64 {
	var total float64
	for _, q := range c.Questions {
		total += q.Points
	}
	return total
}

// questionByID returns the question with the given id, or nil.
func (c *config) questionByID(id string) *question {
	for i := range c.Questions {
		if c.Questions[i].ID == id {
			return &c.Questions[i]
		}
	}
	return nil
}

// loadConfig decodes and checks a configuration for Render and Handle. The
// engine validates objects when it loads content, so a problem here means
// the engine served an object that failed Validate: a bug, not a learner
// mistake, hence a plain error.
func loadConfig(raw json.RawMessage) (*config, error) {
	return configs.Get(raw, decodeValid)
}

// configs keeps each object's decoded configuration: decoding and checking
// it was most of the quiz's work on every page and answer. Shared: read-only.
var configs sdkconfig.Memo[*config]

func decodeValid(raw []byte) (*config, error) {
	cfg, problems := parseConfig(raw)
	if len(problems) > 0 {
		msgs := make([]string, 0, len(problems))
		for _, p := range problems {
			msgs = append(msgs, p.Pointer+": "+p.Message)
		}
		return nil, fmt.Errorf("quiz: invalid configuration: %s", strings.Join(msgs, "; "))
	}
	for i := range cfg.Questions {
		q := &cfg.Questions[i]
		q.plainPrompt = plainText(q.Prompt)
		for j := range q.Choices {
			q.Choices[j].plain = plainText(q.Choices[j].Text)
		}
	}
	return cfg, nil
}

// parseConfig decodes raw and returns every problem found in it: syntax,
// unknown or mistyped fields, then the rules a quiz must follow.
func parseConfig(raw json.RawMessage) (*config, []sdk.Problem) {
	var ck checker
	cfg := ck.readConfig(raw)
	if cfg != nil {
		checkConfig(cfg, &ck)
	}
	problems := ck.Problems()
	slices.SortStableFunc(problems, func(a, b sdk.Problem) int { return comparePointers(a.Pointer, b.Pointer) })
	return cfg, problems
}
