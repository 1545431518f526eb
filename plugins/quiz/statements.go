package quiz

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lode-elearning/lode/sdk"
)

// xAPI 1.0.3 interaction types the quiz's question types map to.
var interactionTypes = map[string]string{
	singleChoice:     "choice",
	multipleResponse: "choice",
	trueFalse:        "true-false",
	fillIn:           "fill-in",
}

// responseSep separates multiple responses in xAPI response strings and
// patterns ("a[,]c").
const responseSep = "[,]"

// interactionDefinition is the xAPI activity definition of one question, so
// reporting tools can show the question and its correct answer next to each
// learner's response.
type interactionDefinition struct {
	Name                    map[string]string      `json:"name"`
	Type                    string                 `json:"type"`
	InteractionType         string                 `json:"interactionType"`
	CorrectResponsesPattern []string               `json:"correctResponsesPattern"`
	Choices                 []interactionComponent `json:"choices,omitempty"`
}

type interactionComponent struct {
	ID          string            `json:"id"`
	Description map[string]string `json:"description"`
}

// statements lists what one graded submission records, in order: answered
// per question, passed or failed for the quiz, and completed when this
// submission finished the quiz for the first time.
func statements(g grade, finished, firstCompletion bool, lang string) ([]sdk.StatementDraft, error) {
	out := make([]sdk.StatementDraft, 0, len(g.Questions)+2)
	for _, qg := range g.Questions {
		s, err := answeredStatement(qg, lang)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	verb := sdk.VerbFailed
	if g.Passed {
		verb = sdk.VerbPassed
	}
	out = append(out, sdk.StatementDraft{Verb: verb, Result: quizResult(g, finished)})
	if firstCompletion {
		out = append(out, sdk.StatementDraft{Verb: sdk.VerbCompleted, Result: quizResult(g, true)})
	}
	return out, nil
}

// quizResult is the result of the quiz as a whole after an attempt.
func quizResult(g grade, finished bool) *sdk.Result {
	return &sdk.Result{
		Score:      &sdk.Score{Raw: g.Raw, Min: 0, Max: g.Max, Scaled: g.Scaled},
		Success:    sdk.Bool(g.Passed),
		Completion: sdk.Bool(finished),
	}
}

// answeredStatement is the answer to one question; lang tags the
// question's text (BCP 47), in the activity's definition.
func answeredStatement(qg questionGrade, lang string) (sdk.StatementDraft, error) {
	q := qg.Question
	def, err := json.Marshal(newInteractionDefinition(q, lang))
	if err != nil {
		return sdk.StatementDraft{}, fmt.Errorf("quiz: encode definition of question %q: %w", q.ID, err)
	}
	return sdk.StatementDraft{
		Verb:     sdk.VerbAnswered,
		Activity: &sdk.Activity{IDSuffix: "/questions/" + q.ID, Definition: def},
		Result: &sdk.Result{
			Score:    &sdk.Score{Raw: qg.Earned, Min: 0, Max: q.Points, Scaled: qg.Earned / q.Points},
			Success:  sdk.Bool(qg.Correct),
			Response: xapiResponse(qg),
		},
	}, nil
}

func newInteractionDefinition(q *question, lang string) interactionDefinition {
	name := q.plainPrompt
	if name == "" {
		name = "Question " + q.ID // a prompt that is only an image
	}
	def := interactionDefinition{
		Name:                    map[string]string{lang: name},
		Type:                    sdk.ActivityInteraction,
		InteractionType:         interactionTypes[q.Type],
		CorrectResponsesPattern: correctResponsesPattern(q),
	}
	for _, c := range q.Choices {
		def.Choices = append(def.Choices, interactionComponent{ID: c.ID, Description: map[string]string{lang: c.plain}})
	}
	return def
}

// correctResponsesPattern follows xAPI 1.0.3 section 2.4.4.1: one pattern
// listing every correct choice, or for fill-in one pattern per accepted
// variant with case_matters spelled out.
func correctResponsesPattern(q *question) []string {
	switch q.Type {
	case singleChoice, multipleResponse:
		return []string{strings.Join(correctChoiceIDs(q), responseSep)}
	case trueFalse:
		return []string{boolString(q.Answer)}
	case fillIn:
		patterns := make([]string, 0, len(q.Accepted))
		for _, a := range q.Accepted {
			patterns = append(patterns, fmt.Sprintf("{case_matters=%t}%s", q.CaseSensitive, normalize(a)))
		}
		return patterns
	}
	return nil
}

// xapiResponse writes the learner's answer in xAPI response format: choice
// ids joined by "[,]", "true"/"false", or the text typed; "" if unanswered.
func xapiResponse(qg questionGrade) string {
	return strings.Join(qg.Answer, responseSep)
}
