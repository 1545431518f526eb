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

	wrong map[string]int
}

// ShareCorrect is the share of answers that were right, 0..1.
func (q *Question) ShareCorrect() float64 {
	if q.Answers == 0 {
		return 0
	}
	return float64(q.Correct) / float64(q.Answers)
}

// answered is what an answered statement says that the report reads.
type answered struct {
	Object struct {
		ID         string `json:"id"`
		Definition struct {
			Name    map[string]string `json:"name"`
			Choices []struct {
				ID          string            `json:"id"`
				Description map[string]string `json:"description"`
			} `json:"choices"`
		} `json:"definition"`
	} `json:"object"`
	Result struct {
		Success  *bool  `json:"success"`
		Response string `json:"response"`
	} `json:"result"`
}

// AddAnswer counts one answered statement; a statement that is not one
// (no question in its object id, no success) is left out.
func (r *ModuleReport) AddAnswer(raw json.RawMessage) {
	var a answered
	if json.Unmarshal(raw, &a) != nil || a.Result.Success == nil || !strings.Contains(a.Object.ID, "/questions/") {
		return
	}
	if r.questions == nil {
		r.questions = map[string]*Question{}
	}
	q := r.questions[a.Object.ID]
	if q == nil {
		q = &Question{ActivityID: a.Object.ID, Prompt: firstText(a.Object.Definition.Name), wrong: map[string]int{}}
		r.questions[a.Object.ID] = q
		r.Questions = append(r.Questions, q)
	}
	q.Answers++
	if *a.Result.Success {
		q.Correct++
		return
	}
	labels := map[string]string{}
	for _, c := range a.Object.Definition.Choices {
		labels[c.ID] = firstText(c.Description)
	}
	parts := strings.Split(a.Result.Response, "[,]")
	for i, p := range parts {
		if l, ok := labels[p]; ok && l != "" {
			parts[i] = l
		}
	}
	response := strings.Join(parts, "; ")
	q.wrong[response]++
	if n := q.wrong[response]; n > q.MostWrongN || (n == q.MostWrongN && response < q.MostWrong) {
		q.MostWrong, q.MostWrongN = response, n
	}
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
