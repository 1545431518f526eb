package admin

import (
	"encoding/json"
	"strings"
)

// VerbAnswered is the xAPI verb of the statement a quiz records for each
// question answered (plugins/quiz/statements.go), whose object id ends in
// "/questions/" and the question's id.
const VerbAnswered = "http://adlnet.gov/expapi/verbs/answered"

// Question is how one question fared: every answer recorded (each
// attempt counts), how many were right, and the wrong answer given most.
type Question struct {
	ActivityID, Prompt string
	Answers, Correct   int
	MostWrong          string // the response, choice ids as their text where the definition has them
	MostWrongN         int

	labels map[string]string // choice id → text
	wrong  map[string]int
}

// AnsweredQuestion is a question with its answers counted: its activity
// id, the activity definition of its first answer (xAPI JSON, possibly
// empty), which gives its prompt and its choices' texts, and the counts.
type AnsweredQuestion struct {
	ActivityID string
	Definition json.RawMessage
	Counts     []AnswerCount
}

// AnswerCount is how many answers to a question were alike: right or
// wrong, with the same response.
type AnswerCount struct {
	Success  bool
	Response string // as recorded: choice ids joined by "[,]", or the text typed
	N        int
}

// ShareCorrect is the share of answers that were right, 0..1.
func (q *Question) ShareCorrect() float64 {
	if q.Answers == 0 {
		return 0
	}
	return float64(q.Correct) / float64(q.Answers)
}

// definition is what the report reads of a question's definition.
type definition struct {
	Name    map[string]string `json:"name"`
	Choices []struct {
		ID          string            `json:"id"`
		Description map[string]string `json:"description"`
	} `json:"choices"`
}

// AddQuestion adds a question, in the order first answered, and counts
// its answers.
func (r *ModuleReport) AddQuestion(a *AnsweredQuestion) {
	var d definition
	_ = json.Unmarshal(a.Definition, &d) // a statement may have no definition: no prompt, choices as their ids
	q := r.question(a.ActivityID)
	q.Prompt = firstText(d.Name)
	for _, c := range d.Choices {
		if t := firstText(c.Description); t != "" {
			q.labels[c.ID] = t
		}
	}
	for _, c := range a.Counts {
		q.add(c)
	}
}

// add counts answers alike.
func (q *Question) add(a AnswerCount) {
	q.Answers += a.N
	if a.Success {
		q.Correct += a.N
		return
	}
	parts := strings.Split(a.Response, "[,]")
	for i, p := range parts {
		if l, ok := q.labels[p]; ok {
			parts[i] = l
		}
	}
	response := strings.Join(parts, "; ")
	q.wrong[response] += a.N
	// Counts only grow, so the leader after the last addition is the
	// leader over all; ties go to the first in alphabetical order, so the
	// same data always shows the same answer.
	if n := q.wrong[response]; n > q.MostWrongN || (n == q.MostWrongN && response < q.MostWrong) {
		q.MostWrong, q.MostWrongN = response, n
	}
}

// question is the question with activity id, added if new.
func (r *ModuleReport) question(id string) *Question {
	if r.questions == nil {
		r.questions = map[string]*Question{}
	}
	q := r.questions[id]
	if q == nil {
		q = &Question{ActivityID: id, labels: map[string]string{}, wrong: map[string]int{}}
		r.questions[id] = q
		r.Questions = append(r.Questions, q)
	}
	return q
}

// firstText is a language map's text: English if there, else any, the
// same one each time.
func firstText(m map[string]string) string {
	for _, tag := range []string{"en", "en-US", "en-GB"} {
		if v, ok := m[tag]; ok {
			return v
		}
	}
	best := ""
	for tag := range m {
		if best == "" || tag < best {
			best = tag
		}
	}
	return m[best]
}
