package quiz

import (
	"slices"
	"strings"
)

// tolerance absorbs floating-point error when fractional points are added
// up, so 0.1+0.2 of 0.3 still reaches a passing score of 1.
const tolerance = 1e-9

// grade is the outcome of one submitted attempt.
type grade struct {
	Questions []questionGrade
	Raw, Max  float64
	Scaled    float64
	Passed    bool
}

// questionGrade is the outcome of one question. Scoring is all or nothing:
// a partly right multiple-response answer earns no points, as partial credit
// would reward ticking every box.
type questionGrade struct {
	Question *question
	Answer   []string // as stored by parseAnswers; nil if unanswered
	Correct  bool
	Earned   float64
}

// gradeAttempt scores answers against cfg. Unanswered questions are wrong.
// It is a pure function of its inputs: Render calls it again rather than
// trusting a stored score, so both always agree.
func gradeAttempt(cfg *config, answers map[string][]string) grade {
	g := grade{Max: cfg.totalPoints()}
	for i := range cfg.Questions {
		q := &cfg.Questions[i]
		qg := questionGrade{Question: q, Answer: answers[q.ID]}
		qg.Correct = isCorrect(q, qg.Answer)
		if qg.Correct {
			qg.Earned = q.Points
		}
		g.Raw += qg.Earned
		g.Questions = append(g.Questions, qg)
	}
	if g.Max > 0 {
		g.Scaled = min(g.Raw/g.Max, 1)
	}
	g.Passed = g.Scaled >= cfg.PassingScore-tolerance
	return g
}

// isCorrect reports whether answer is right for q.
func isCorrect(q *question, answer []string) bool {
	if len(answer) == 0 {
		return false
	}
	switch q.Type {
	case singleChoice, multipleResponse:
		return slices.Equal(answer, correctChoiceIDs(q))
	case trueFalse:
		return answer[0] == boolString(q.Answer)
	case fillIn:
		return acceptsText(q, answer[0])
	}
	return false
}

// correctChoiceIDs lists the ids of q's correct choices in author order, the
// order parseAnswers stores answers in.
func correctChoiceIDs(q *question) []string {
	var ids []string
	for _, c := range q.Choices {
		if c.Correct {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// acceptsText reports whether text matches one of q's accepted variants,
// ignoring surrounding and repeated whitespace and, unless the author said
// otherwise, letter case.
func acceptsText(q *question, text string) bool {
	given := normalize(text)
	for _, a := range q.Accepted {
		want := normalize(a)
		if given == want || !q.CaseSensitive && strings.EqualFold(given, want) {
			return true
		}
	}
	return false
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
