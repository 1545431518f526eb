package quiz

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"

	"github.com/lode-elearning/lode/sdk"
)

// Event types the quiz's forms send.
const (
	eventSubmit = "submit" // data: question id → answers
	eventRetry  = "retry"  // data: ignored
	eventAnswer = "answer" // one question per screen: its answer, and navField
)

// navField is the form field that says where a one-per-screen quiz goes
// next. The dot keeps it apart from question ids, which cannot hold one.
const navField = "quiz.go"

// Where navField may say to go.
const (
	goNext   = "next"
	goPrev   = "prev"
	goSubmit = "submit"
)

// Handle grades a submitted attempt or starts a new one. Learner mistakes
// and tampered requests (unknown questions or choices, a second submission,
// no attempts left) are *sdk.InvalidError; an undecodable configuration or
// state is a plain error.
func (q *Quiz) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	cfg, err := loadConfig(req.Object.Config)
	if err != nil {
		return nil, err
	}
	st, err := loadState(req.State, req.Object.ID, req.Registration)
	if err != nil {
		return nil, err
	}
	msg := messagesFor(req.Locale)
	switch req.Event.Type {
	case eventSubmit:
		return submit(cfg, st, req, msg)
	case eventRetry:
		return retry(cfg, st, req, msg)
	case eventAnswer:
		return answer(cfg, st, req, msg)
	}
	return nil, sdk.Invalidf("the quiz handles %q, %q and %q events, not %q", eventSubmit, eventAnswer, eventRetry, truncate(req.Event.Type, 40))
}

// submit grades the current attempt and records it.
func submit(cfg *config, st *learnerState, req *sdk.HandleRequest, msg *messages) (*sdk.HandleResponse, error) {
	if err := checkCanSubmit(cfg, st); err != nil {
		return nil, err
	}
	fields, err := req.Event.Fields()
	if err != nil {
		return nil, sdk.Invalidf("%v", err)
	}
	answers, err := parseAnswers(cfg, fields)
	if err != nil {
		return nil, err
	}
	return gradeAndRecord(cfg, st, answers, msg, contentLanguage(req.Object))
}

// gradeAndRecord grades answers as the current attempt's and records it.
// lang is the language of the quiz's text, for its statements.
func gradeAndRecord(cfg *config, st *learnerState, answers map[string][]string, msg *messages, lang string) (*sdk.HandleResponse, error) {
	st.Answers, st.Submitted = answers, true
	g := gradeAttempt(cfg, answers)
	finished := st.finished(cfg, g)
	stmts, err := statements(g, finished, finished && !st.Completed, lang)
	if err != nil {
		return nil, err
	}
	st.Completed = st.Completed || finished
	raw, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("quiz: encode learner state: %w", err)
	}
	return &sdk.HandleResponse{
		State:        raw,
		Result:       quizResult(g, finished),
		FeedbackHTML: template.HTMLEscapeString(msg.summary(g)),
		Statements:   stmts,
	}, nil
}

// checkCanSubmit refuses a submission the learner's form could only send
// twice by replaying it, or one past the last attempt (possible if the
// author lowered max_attempts since).
func checkCanSubmit(cfg *config, st *learnerState) error {
	switch {
	case st.Submitted && st.canRetry(cfg, gradeAttempt(cfg, st.Answers)):
		return sdk.Invalidf("attempt %d has already been submitted; start a new attempt to answer again", st.Attempt)
	case st.Submitted:
		return sdk.Invalidf("this quiz is finished; no more answers are accepted")
	case cfg.MaxAttempts > 0 && st.Attempt > cfg.MaxAttempts:
		return sdk.Invalidf("all %d attempts have been used", cfg.MaxAttempts)
	}
	return nil
}

// retry starts a new attempt with blank answers and a new choice order. The
// quiz's result is unchanged until the new attempt is submitted.
func retry(cfg *config, st *learnerState, req *sdk.HandleRequest, msg *messages) (*sdk.HandleResponse, error) {
	g := gradeAttempt(cfg, st.Answers)
	switch {
	case !st.Submitted:
		return nil, sdk.Invalidf("attempt %d has not been submitted yet", st.Attempt)
	case g.Passed:
		return nil, sdk.Invalidf("you have passed this quiz; it cannot be retaken")
	case !st.canRetry(cfg, g):
		return nil, sdk.Invalidf("all %d attempts have been used", cfg.MaxAttempts)
	}
	st.Attempt++
	st.Submitted, st.Answers, st.Page = false, nil, 0
	st.Seed = seedFor(req.Object.ID, req.Registration, st.Attempt)
	raw, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("quiz: encode learner state: %w", err)
	}
	return &sdk.HandleResponse{
		State:        raw,
		FeedbackHTML: template.HTMLEscapeString(msg.AttemptStarted(st.Attempt, cfg.MaxAttempts)),
	}, nil
}

// answer keeps the answer to the question on the learner's screen of a
// one-per-screen quiz and goes to the next or previous screen, or grades
// the attempt. The answer is kept whichever way the learner goes, so
// nothing typed is lost by going back.
func answer(cfg *config, st *learnerState, req *sdk.HandleRequest, msg *messages) (*sdk.HandleResponse, error) {
	if !cfg.paged() {
		return nil, sdk.Invalidf("this quiz shows every question at once; send its answers with the %q event", eventSubmit)
	}
	if err := checkCanSubmit(cfg, st); err != nil {
		return nil, err
	}
	fields, err := req.Event.Fields()
	if err != nil {
		return nil, sdk.Invalidf("%v", err)
	}
	to := fields[navField]
	delete(fields, navField)
	page := cfg.page(st)
	q := &cfg.Questions[page]
	for name := range fields {
		if name != q.ID {
			return nil, sdk.Invalidf("question %q is not on this screen; question %d is", truncate(name, 40), page+1)
		}
	}
	answers, err := parseAnswers(cfg, fields)
	if err != nil {
		return nil, err
	}
	if st.Answers == nil {
		st.Answers = map[string][]string{}
	}
	if a, ok := answers[q.ID]; ok {
		st.Answers[q.ID] = a
	} else {
		delete(st.Answers, q.ID) // left blank, or an answer taken back
	}
	switch {
	case len(to) == 1 && to[0] == goSubmit:
		return gradeAndRecord(cfg, st, st.Answers, msg, contentLanguage(req.Object))
	case len(to) == 1 && to[0] == goNext:
		st.Page = min(page+1, len(cfg.Questions)-1)
	case len(to) == 1 && to[0] == goPrev:
		st.Page = max(page-1, 0)
	default:
		return nil, sdk.Invalidf("%s must be %q, %q or %q", navField, goNext, goPrev, goSubmit)
	}
	raw, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("quiz: encode learner state: %w", err)
	}
	return &sdk.HandleResponse{State: raw}, nil
}
