package quiz

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// idPattern is what question and choice ids may contain. Ids end up in HTML
// field names, xAPI activity IRIs and response patterns ("a[,]c"), so
// anything beyond letters, digits, "_" and "-" would need escaping in all
// three.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// typeFields lists, for each question type, the type-specific keys it uses;
// any other type-specific key is a sign the author mixed two types up.
var typeFields = map[string][]string{
	singleChoice:     {"choices"},
	multipleResponse: {"choices"},
	trueFalse:        {"answer"},
	fillIn:           {"accepted", "case_sensitive"},
}

// checkConfig reports what a well-formed configuration gets wrong about
// quizzes: the rules the JSON Schema cannot express or that authors need
// explained in their own terms.
func checkConfig(cfg *config, ck *checker) {
	if cfg.PassingScore < 0 || cfg.PassingScore > 1 {
		ck.addf("/passing_score", "must be between 0 and 1 (0.8 means 80%%), not %v", cfg.PassingScore)
	}
	if cfg.MaxAttempts < 0 {
		ck.addf("/max_attempts", "cannot be negative; use 0 for unlimited attempts")
	}
	if len(cfg.Questions) == 0 {
		ck.addf("/questions", "add at least one question")
	}
	checkLayout(cfg.Layout, ck)
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
	case id == "":
		ck.addf(ptr+"/id", "every question needs an id, such as q%d", i+1)
	case !idPattern.MatchString(id):
		ck.addf(ptr+"/id", "%q may only contain letters, digits, _ and -", id)
	case dup:
		ck.addf(ptr+"/id", "the id %q is already used by question %d (/questions/%d)", id, first+1, first)
	default:
		seen[id] = i
	}
}

func checkQuestion(ptr string, q *question, ck *checker) {
	if strings.TrimSpace(q.Prompt) == "" {
		ck.addf(ptr+"/prompt", "every question needs a prompt")
	}
	if q.Points <= 0 {
		ck.addf(ptr+"/points", "must be more than 0, not %v", q.Points)
	}
	own, known := typeFields[q.Type]
	switch {
	case q.Type == "":
		ck.addf(ptr+"/type", "every question needs a type: single_choice, multiple_response, true_false or fill_in")
		return
	case !known:
		ck.addf(ptr+"/type", "unknown question type %q; use single_choice, multiple_response, true_false or fill_in", q.Type)
		return
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
		case c.ID == "":
			ck.addf(cptr+"/id", "every choice needs an id, such as %c", 'a'+rune(j%26))
		case !idPattern.MatchString(c.ID):
			ck.addf(cptr+"/id", "%q may only contain letters, digits, _ and -", c.ID)
		case dup:
			ck.addf(cptr+"/id", "the choice id %q is already used by choice %d of this question", c.ID, first+1)
		default:
			seen[c.ID] = j
		}
		if strings.TrimSpace(c.Text) == "" {
			ck.addf(cptr+"/text", "every choice needs text")
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

// checkLayout accepts the layouts the quiz knows, suggesting the one a
// misspelt value most likely means.
func checkLayout(layout string, ck *checker) {
	if layout == "" || slices.Contains(layouts, layout) {
		return
	}
	msg := fmt.Sprintf("must be %q (every question on one screen) or %q (one question per screen, with next and previous), not %q",
		layoutAll, layoutOnePerScreen, truncate(layout, 40))
	if best := sdkconfig.Suggest(strings.ReplaceAll(layout, "-", "_"), layouts); best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	ck.addf("/layout", "%s", msg)
}
