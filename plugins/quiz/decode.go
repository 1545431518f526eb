package quiz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// checker collects a configuration's problems: sdkconfig's, for settings
// that are unknown or of the wrong type, then the quiz's own rules.
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

// readConfig decodes the whole configuration; nil means nothing further can
// be checked (no configuration, not JSON, or not a mapping).
func (c *checker) readConfig(raw json.RawMessage) *config {
	if trimmed := bytes.TrimSpace(raw); len(trimmed) == 0 || string(trimmed) == "null" {
		c.Addf("", "the quiz has no configuration; add a config with at least one question")
		return nil
	}
	cfg := &config{PassingScore: defaultPassingScore}
	var questions []json.RawMessage
	if !c.Config(raw, configFields(cfg, &questions)) {
		return nil
	}
	for i, q := range questions {
		cfg.Questions = append(cfg.Questions, c.readQuestion(fmt.Sprintf("/questions/%d", i), q))
	}
	return cfg
}

// readQuestion decodes one question. One that is not a mapping comes back
// unreadable, so that its id, type and prompt are not reported missing too.
func (c *checker) readQuestion(ptr string, raw json.RawMessage) question {
	q := question{Points: defaultPoints}
	var w written
	var choices []json.RawMessage
	var feedbackRaw json.RawMessage
	if !c.Object(ptr, raw, questionFields(&q, &w, &choices, &feedbackRaw)) {
		q.unreadable = true
		return q
	}
	q.written = w.keys(choices)
	if w.answer != nil {
		q.Answer = *w.answer
	}
	if w.caseSensitive != nil {
		q.CaseSensitive = *w.caseSensitive
	}
	for i, ch := range choices {
		q.Choices = append(q.Choices, c.readChoice(fmt.Sprintf("%s/choices/%d", ptr, i), ch))
	}
	q.Accepted = make([]string, len(w.accepted))
	for i, a := range w.accepted {
		c.Value(fmt.Sprintf("%s/accepted/%d", ptr, i), a, &q.Accepted[i])
	}
	if len(feedbackRaw) > 0 && string(feedbackRaw) != "null" {
		c.Object(ptr+"/feedback", feedbackRaw, feedbackFields(&q.Feedback))
	}
	return q
}

// readChoice decodes one choice; one that is not a mapping is unreadable.
func (c *checker) readChoice(ptr string, raw json.RawMessage) choice {
	var ch choice
	ch.unreadable = !c.Object(ptr, raw, choiceFields(&ch))
	return ch
}

// written holds the type-specific settings of a question as pointers, so
// that one left out (or null) can be told from one set to its zero value.
type written struct {
	answer, caseSensitive *bool
	accepted              []json.RawMessage
}

// keys returns which type-specific settings the author wrote.
func (w written) keys(choices []json.RawMessage) map[string]bool {
	return map[string]bool{
		"choices": choices != nil, "answer": w.answer != nil,
		"accepted": w.accepted != nil, "case_sensitive": w.caseSensitive != nil,
	}
}

// The settings an author may write at each level, with where each goes.
// schema.json lists the same keys; a test keeps the two in step.

func configFields(cfg *config, questions *[]json.RawMessage) sdkconfig.Fields {
	return sdkconfig.Fields{
		"intro": &cfg.Intro, "passing_score": &cfg.PassingScore, "max_attempts": &cfg.MaxAttempts,
		"shuffle": &cfg.Shuffle, "layout": &cfg.Layout, "questions": questions,
	}
}

func questionFields(q *question, w *written, choices *[]json.RawMessage, feedback *json.RawMessage) sdkconfig.Fields {
	return sdkconfig.Fields{
		"id": &q.ID, "type": &q.Type, "prompt": &q.Prompt, "points": &q.Points, "choices": choices,
		"answer": &w.answer, "accepted": &w.accepted, "case_sensitive": &w.caseSensitive, "feedback": feedback,
	}
}

func choiceFields(ch *choice) sdkconfig.Fields {
	return sdkconfig.Fields{"id": &ch.ID, "text": &ch.Text, "correct": &ch.Correct, "feedback": &ch.Feedback}
}

func feedbackFields(f *feedback) sdkconfig.Fields {
	return sdkconfig.Fields{"correct": &f.Correct, "incorrect": &f.Incorrect}
}

// fieldNames lists the keys of fields, sorted, for the schema test.
func fieldNames(fields sdkconfig.Fields) []string {
	return slices.Sorted(maps.Keys(fields))
}
