package quiz

import (
	"fmt"
	"slices"
	"strings"
)

// typeFields lists, for each question type, the type-specific keys it uses;
// any other type-specific key is a sign the author mixed two types up.
var typeFields = map[string][]string{
	singleChoice:     {"choices"},
	multipleResponse: {"choices"},
	trueFalse:        {"answer"},
	fillIn:           {"accepted", "case_sensitive"},
}

// checkConfig reports what a configuration that passed its tags (the
// bounds, the question types, ids as letters, digits, _ and -: ids end up
// in HTML field names, xAPI activity IRIs and response patterns "a[,]c")
// gets wrong about quizzes: the rules its tags cannot say.
func checkConfig(cfg *config, ck *checker) {
	seen := map[string]int{}
	for i := range cfg.Questions {
		ptr := fmt.Sprintf("/questions/%d", i)
		q := &cfg.Questions[i]
		if q.unreadable {
			continue // already reported as not a mapping
		}
		checkQuestionID(ptr, q.ID, seen, i, ck)
		checkQuestion(ptr, q, ck)
	}
}

func checkQuestionID(ptr, id string, seen map[string]int, i int, ck *checker) {
	switch first, dup := seen[id]; {
	case ck.Has(ptr + "/id"):
	case dup:
		ck.addf(ptr+"/id", "the id %q is already used by question %d (/questions/%d)", id, first+1, first)
	default:
		seen[id] = i
	}
}

func checkQuestion(ptr string, q *question, ck *checker) {
	own, known := typeFields[q.Type]
	if !known {
		return // the type's tag has reported it
	}
	for _, key := range []string{"choices", "answer", "accepted", "case_sensitive"} {
		if q.written[key] && !slices.Contains(own, key) {
			ck.addf(ptr+"/"+key, "%q is not used by %s questions; remove it or change the type", key, q.Type)
		}
	}
	switch q.Type {
	case singleChoice, multipleResponse:
		checkChoices(ptr, q, ck)
	case trueFalse:
		if !q.written["answer"] {
			ck.addf(ptr+"/answer", "a true_false question needs answer: true or answer: false")
		}
	case fillIn:
		checkAccepted(ptr, q, ck)
	}
}

func checkChoices(ptr string, q *question, ck *checker) {
	if len(q.Choices) < 2 {
		ck.addf(ptr+"/choices", "a %s question needs at least two choices", q.Type)
		return
	}
	seen := map[string]int{}
	correct := 0
	for j, c := range q.Choices {
		cptr := fmt.Sprintf("%s/choices/%d", ptr, j)
		if c.unreadable {
			continue // already reported as not a mapping
		}
		switch first, dup := seen[c.ID]; {
		case ck.Has(cptr + "/id"):
		case dup:
			ck.addf(cptr+"/id", "the choice id %q is already used by choice %d of this question", c.ID, first+1)
		default:
			seen[c.ID] = j
		}
		if c.Correct {
			correct++
		}
	}
	if q.Type == singleChoice && correct != 1 {
		ck.addf(ptr+"/choices", "a single_choice question needs exactly one correct choice, found %d; use multiple_response for more", correct)
	}
	if q.Type == multipleResponse && correct == 0 {
		ck.addf(ptr+"/choices", "a multiple_response question needs at least one correct choice")
	}
}

func checkAccepted(ptr string, q *question, ck *checker) {
	if len(q.Accepted) == 0 {
		ck.addf(ptr+"/accepted", "a fill_in question needs at least one accepted answer")
	}
	for i, a := range q.Accepted {
		aptr := fmt.Sprintf("%s/accepted/%d", ptr, i)
		switch n := normalize(a); {
		case n == "":
			ck.addf(aptr, "an accepted answer cannot be empty")
		case len([]rune(n)) > maxAnswerRunes:
			ck.addf(aptr, "is longer than the %d characters a learner may type", maxAnswerRunes)
		case strings.Contains(n, "[,]"):
			ck.addf(aptr, `cannot contain "[,]", which xAPI uses to separate answers`)
		}
	}
}
