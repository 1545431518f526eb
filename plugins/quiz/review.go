package quiz

import (
	"fmt"
	"html/template"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkhtml"
)

// reviewView is what the "review" template shows after a submission.
type reviewView struct {
	ID                           string
	Intro                        template.HTML
	ResultHeading, ReviewHeading string
	Score, Outcome, Attempts     string
	Passed                       bool
	AnswersHidden                string // set while correct answers are withheld
	Questions                    []reviewQuestion
	Retry                        string // the retry button's label; empty when no retry is allowed
}

type reviewQuestion struct {
	ID, Number         string
	Prompt             template.HTML
	Correct            bool
	Verdict            string
	YourAnswerLabel    string
	Answer             []answerText
	FeedbackLabel      string
	Feedback           []template.HTML
	CorrectAnswerLabel string
	CorrectAnswer      []answerText // nil until the learner passed or ran out of attempts
}

// answerText is either author Markdown already rendered (HTML) or text a
// learner typed (Text), which the template escapes. Keeping them apart
// means learner input is never marked as safe HTML.
type answerText struct {
	Text string
	HTML template.HTML
}

func newReviewView(cfg *config, st *learnerState, obj sdk.Object, msg *messages) reviewView {
	g := gradeAttempt(cfg, st.Answers)
	passing := formatPassingPercent(cfg.PassingScore)
	reveal := st.finished(cfg, g)
	v := reviewView{
		ID:            domID(obj.ID),
		Intro:         markdown(cfg.Intro, obj.MediaBaseURL),
		ResultHeading: msg.ResultHeading,
		ReviewHeading: msg.ReviewHeading,
		Score:         msg.Scored(formatPoints(g.Raw), formatPoints(g.Max), formatScorePercent(g.Scaled)),
		Outcome:       msg.Failed(passing),
		Attempts:      msg.AttemptsUsed(st.Attempt, cfg.MaxAttempts),
		Passed:        g.Passed,
	}
	if g.Passed {
		v.Outcome = msg.Passed(passing)
	}
	if !reveal {
		v.AnswersHidden = msg.AnswersHidden
	}
	if st.canRetry(cfg, g) {
		v.Retry = msg.Retry
	}
	for i, qg := range g.Questions {
		v.Questions = append(v.Questions, newReviewQuestion(qg, i, len(g.Questions), v.ID, reveal, obj.MediaBaseURL, msg))
	}
	return v
}

func newReviewQuestion(qg questionGrade, i, total int, base string, reveal bool, media string, msg *messages) reviewQuestion {
	q := qg.Question
	rq := reviewQuestion{
		ID:                 fmt.Sprintf("%s-q%d", base, i+1),
		Number:             msg.Question(i+1, total),
		Prompt:             sdkhtml.Markdown(q.Prompt, media),
		Correct:            qg.Correct,
		Verdict:            msg.Incorrect,
		YourAnswerLabel:    msg.YourAnswer,
		Answer:             describeAnswer(q, qg.Answer, media, msg),
		FeedbackLabel:      msg.Feedback,
		Feedback:           feedbackFor(qg, media),
		CorrectAnswerLabel: msg.CorrectAnswer,
	}
	if qg.Correct {
		rq.Verdict = msg.Correct
	}
	if reveal {
		rq.CorrectAnswer = solution(q, media, msg)
	}
	return rq
}

// describeAnswer shows what the learner answered in the words they saw.
func describeAnswer(q *question, answer []string, media string, msg *messages) []answerText {
	if len(answer) == 0 {
		return []answerText{{Text: msg.NoAnswer}}
	}
	var out []answerText
	for _, a := range answer {
		out = append(out, answerLabel(q, a, media, msg))
	}
	return out
}

// answerLabel renders one answer value. A choice id the configuration no
// longer has (the author edited the quiz since) is shown as the bare id.
func answerLabel(q *question, value, media string, msg *messages) answerText {
	switch q.Type {
	case singleChoice, multipleResponse:
		if c := q.choiceByID(value); c != nil {
			return answerText{HTML: sdkhtml.Inline(c.Text, media)}
		}
	case trueFalse:
		if value == "true" {
			return answerText{Text: msg.True}
		}
		return answerText{Text: msg.False}
	}
	return answerText{Text: value}
}

// feedbackFor collects the feedback of the choices the learner picked, then
// the question's feedback for a right or wrong answer.
func feedbackFor(qg questionGrade, media string) []template.HTML {
	var out []template.HTML
	for _, id := range qg.Answer {
		if c := qg.Question.choiceByID(id); c != nil && c.Feedback != "" {
			out = append(out, sdkhtml.Markdown(c.Feedback, media))
		}
	}
	fb := qg.Question.Feedback.Incorrect
	if qg.Correct {
		fb = qg.Question.Feedback.Correct
	}
	if fb != "" {
		out = append(out, sdkhtml.Markdown(fb, media))
	}
	return out
}

// solution lists the correct answer: the correct choices, true or false, or
// every accepted variant of a fill-in.
func solution(q *question, media string, msg *messages) []answerText {
	switch q.Type {
	case singleChoice, multipleResponse:
		return describeAnswer(q, correctChoiceIDs(q), media, msg)
	case trueFalse:
		return describeAnswer(q, []string{boolString(q.Answer)}, media, msg)
	}
	var out []answerText
	for _, a := range q.Accepted {
		out = append(out, answerText{Text: normalize(a)})
	}
	return out
}
