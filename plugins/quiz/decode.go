package quiz

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// configFile is a quiz's configuration as module.yaml writes it. Its tags
// give both the JSON Schema Describe publishes (sdkconfig.Schema) and the
// checks Validate starts with; readConfig turns it into a config, with the
// defaults filled in, and checkConfig adds the rules tags cannot say (ids
// unique, what each question type needs). Optional settings are pointers,
// so that null, YAML's empty value, means the default.
type configFile struct {
	Intro        *string        `json:"intro" config:"markdown" doc:"Markdown shown above the questions."`
	PassingScore *float64       `json:"passing_score" config:"min=0,max=1" default:"0.8" msg:"must be between 0 and 1 (0.8 means 80%), not %v" doc:"Share of the points needed to pass: 0.8 means 80%."`
	MaxAttempts  *int           `json:"max_attempts" config:"min=0" default:"0" msg:"cannot be negative; use 0 for unlimited attempts" doc:"How many attempts a learner has; 0 means unlimited."`
	Shuffle      *bool          `json:"shuffle" default:"false" doc:"Show choices in a different order per attempt, stable across re-renders."`
	Layout       *string        `json:"layout" config:"enum=all|one_per_screen" default:"\"all\"" msg:"must be \"all\" (every question on one screen) or \"one_per_screen\" (one question per screen, with next and previous), not %v" doc:"all shows every question on one screen; one_per_screen shows one at a time, with next and previous, and keeps answers between screens."`
	Questions    []questionFile `json:"questions" config:"required,min=1" msg:"add at least one question"`
}

// questionFile is one question as written. The type-specific settings are
// pointers or lists, nil when left out, so that Validate can tell a missing
// answer from answer: false and flag settings the type does not use.
type questionFile struct {
	ID            string        `json:"id" config:"required" pattern:"^[A-Za-z0-9_-]+$" missing:"every question needs an id, such as q1" msg:"%v may only contain letters, digits, _ and -" doc:"Unique within the quiz; used in xAPI activity ids."`
	Type          string        `json:"type" config:"required,enum=single_choice|multiple_response|true_false|fill_in" missing:"every question needs a type: single_choice, multiple_response, true_false or fill_in" msg:"unknown question type %v; use single_choice, multiple_response, true_false or fill_in"`
	Prompt        string        `json:"prompt" config:"required,markdown" msg:"every question needs a prompt" doc:"Markdown."`
	Points        *float64      `json:"points" config:"above=0" default:"1" msg:"must be more than 0, not %v"`
	Choices       []choiceFile  `json:"choices" doc:"The choices of a single_choice (exactly one correct) or multiple_response (at least one correct) question; at least two."`
	Answer        *bool         `json:"answer" doc:"The correct answer of a true_false question."`
	Accepted      []string      `json:"accepted" doc:"Accepted answers of a fill_in question; whitespace is trimmed and collapsed."`
	CaseSensitive *bool         `json:"case_sensitive" default:"false" doc:"Whether a fill_in answer must match the accepted one's capitals."`
	Feedback      *feedbackFile `json:"feedback"`
}

// choiceFile is one choice as written.
type choiceFile struct {
	ID       string `json:"id" config:"required" pattern:"^[A-Za-z0-9_-]+$" missing:"every choice needs an id, such as a" msg:"%v may only contain letters, digits, _ and -"`
	Text     string `json:"text" config:"required,markdown" msg:"every choice needs text" doc:"Markdown."`
	Correct  bool   `json:"correct" default:"false"`
	Feedback string `json:"feedback" config:"markdown" doc:"Markdown shown after submission if the learner picked this choice."`
}

type feedbackFile struct {
	Correct   string `json:"correct" config:"markdown" doc:"Markdown shown after a correct answer."`
	Incorrect string `json:"incorrect" config:"markdown" doc:"Markdown shown after an incorrect answer."`
}

// checker collects a configuration's problems: sdkconfig's, from the tags,
// then the quiz's own rules.
type checker struct {
	sdkconfig.Checker
}

// addf records a broken rule at ptr unless a problem is already recorded
// there: a setting of the wrong type is left at its zero value, and would
// otherwise be reported a second time as missing or out of range.
func (c *checker) addf(ptr, format string, args ...any) {
	if !c.Has(ptr) {
		c.Addf(ptr, format, args...)
	}
}

// readConfig decodes and checks the whole configuration against its tags;
// nil means nothing further can be checked (no configuration, not JSON, or
// not a mapping).
func (c *checker) readConfig(raw json.RawMessage) *config {
	if trimmed := bytes.TrimSpace(raw); len(trimmed) == 0 || string(trimmed) == "null" {
		c.Addf("", "the quiz has no configuration; add a config with at least one question")
		return nil
	}
	var f configFile
	if !c.Typed(raw, &f) {
		return nil
	}
	cfg := &config{
		Intro: value(f.Intro, ""), PassingScore: value(f.PassingScore, defaultPassingScore),
		MaxAttempts: value(f.MaxAttempts, 0), Shuffle: value(f.Shuffle, false), Layout: value(f.Layout, ""),
	}
	for i, q := range f.Questions {
		cfg.Questions = append(cfg.Questions, c.question(fmt.Sprintf("/questions/%d", i), q))
	}
	return cfg
}

// question turns a question as written into the quiz's. One that is not a
// mapping comes back unreadable, so that its id, type and prompt are not
// reported missing too.
func (c *checker) question(ptr string, f questionFile) question {
	q := question{
		ID: f.ID, Type: f.Type, Prompt: f.Prompt, Points: value(f.Points, defaultPoints),
		Answer: value(f.Answer, false), Accepted: f.Accepted, CaseSensitive: value(f.CaseSensitive, false),
		written: map[string]bool{
			"choices": f.Choices != nil, "answer": f.Answer != nil,
			"accepted": f.Accepted != nil, "case_sensitive": f.CaseSensitive != nil,
		},
		unreadable: c.Has(ptr),
	}
	if f.Feedback != nil {
		q.Feedback = feedback(*f.Feedback)
	}
	for j, ch := range f.Choices {
		q.Choices = append(q.Choices, choice{ID: ch.ID, Text: ch.Text, Correct: ch.Correct, Feedback: ch.Feedback,
			unreadable: c.Has(fmt.Sprintf("%s/choices/%d", ptr, j))})
	}
	return q
}

// value is *p, or def when the setting was left out.
func value[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}
