package quiz

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lode-elearning/lode/sdk"
)

// parseAnswers checks a submitted form against the quiz and returns the
// learner's answers by question id: choice ids in the order the author wrote
// them, "true" or "false", or one trimmed text. Questions left blank are
// absent. Anything a genuine form of this quiz could not have sent is an
// *sdk.InvalidError, so a tampered request cannot reach grading.
func parseAnswers(cfg *config, fields map[string][]string) (map[string][]string, error) {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	slices.Sort(names)
	out := map[string][]string{}
	for _, name := range names {
		q := cfg.questionByID(name)
		if q == nil {
			return nil, sdk.Invalidf("this quiz has no question %q", truncate(name, 40))
		}
		vals, err := checkAnswer(q, fields[name])
		if err != nil {
			return nil, err
		}
		if len(vals) > 0 {
			out[name] = vals
		}
	}
	return out, nil
}

// checkAnswer validates one question's submitted values. Empty values are
// dropped first: an empty text box is sent as "" and means "no answer".
func checkAnswer(q *question, vals []string) ([]string, error) {
	vals = slices.DeleteFunc(slices.Clone(vals), func(v string) bool { return strings.TrimSpace(v) == "" })
	if q.Type != multipleResponse && len(vals) > 1 {
		return nil, sdk.Invalidf("question %q takes one answer, not %d", q.ID, len(vals))
	}
	switch q.Type {
	case singleChoice, multipleResponse:
		return checkChoiceAnswer(q, vals)
	case trueFalse:
		for _, v := range vals {
			if v != "true" && v != "false" {
				return nil, sdk.Invalidf("question %q takes true or false, not %q", q.ID, truncate(v, 40))
			}
		}
	case fillIn:
		for i, v := range vals {
			if !utf8.ValidString(v) || utf8.RuneCountInString(v) > maxAnswerRunes {
				return nil, sdk.Invalidf("the answer to question %q is longer than %d characters", q.ID, maxAnswerRunes)
			}
			vals[i] = strings.TrimSpace(v)
		}
	}
	return vals, nil
}

// checkChoiceAnswer accepts only the question's own choice ids, each once,
// and orders them as the author did so responses read the same every time.
func checkChoiceAnswer(q *question, vals []string) ([]string, error) {
	for i, v := range vals {
		if q.choiceByID(v) == nil {
			return nil, sdk.Invalidf("question %q has no choice %q", q.ID, truncate(v, 40))
		}
		if slices.Contains(vals[:i], v) {
			return nil, sdk.Invalidf("choice %q of question %q was sent twice", v, q.ID)
		}
	}
	var ordered []string
	for _, c := range q.Choices {
		if slices.Contains(vals, c.ID) {
			ordered = append(ordered, c.ID)
		}
	}
	return ordered, nil
}

// normalize trims text and collapses inner whitespace, so "  interlibrary
// loan " matches "interlibrary loan".
func normalize(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// truncate cuts s to n characters for messages that quote what a learner
// sent, which can be anything and of any length.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
