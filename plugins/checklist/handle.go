package checklist

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lode-elearning/lode/sdk"
)

// maxResponse caps the note copied into the completed statement's
// result.response: reports show it in a table cell, and the full note stays
// in the learner's state.
const maxResponse = 500

// Handle applies the "save" event sent by the checklist form: the ticked
// item ids in field "items" and the reflection in field "note".
//
// The first save that leaves the checklist complete records one "completed"
// statement. Saves are not reported otherwise: the state already keeps them,
// and a statement per click would bury the one that matters in reports.
// Unticking an item afterwards does not un-complete the checklist: the
// completion has been recorded (and may have earned CE credit), xAPI has no
// way to take it back, and learners tidying their list should lose nothing.
func (c *Checklist) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	if req.Event.Type != "save" {
		return nil, sdk.Invalidf("a checklist accepts only the \"save\" event, not %q", clip(req.Event.Type))
	}
	cfg, err := parseConfig(req.Object.Config)
	if err != nil {
		return nil, err
	}
	st, err := decodeState(req.State)
	if err != nil {
		return nil, err
	}
	fields, err := req.Event.Fields()
	if err != nil {
		return nil, sdk.Invalidf("%v", err)
	}
	if st.Checked, err = checkedItems(cfg, fields["items"]); err != nil {
		return nil, err
	}
	if st.Note, err = readNote(cfg, fields["note"]); err != nil {
		return nil, err
	}
	return respond(cfg, st, messagesFor(req.Locale))
}

// respond builds the response for the new state, completing it if it is
// complete for the first time.
func respond(cfg *config, st state, msg *messages) (*sdk.HandleResponse, error) {
	p := progressOf(cfg, st)
	res := &sdk.HandleResponse{FeedbackHTML: html.EscapeString(msg.Saved + " " + msg.Progress(p) + ".")}
	if !st.Completed && p.complete() {
		st.Completed = true
		result := &sdk.Result{Completion: sdk.Bool(true), Response: truncate(st.Note, maxResponse)}
		res.Result = result
		res.Statements = []sdk.StatementDraft{{Verb: sdk.VerbCompleted, Result: result}}
		res.FeedbackHTML = html.EscapeString(msg.SavedDone)
	}
	var err error
	if res.State, err = json.Marshal(st); err != nil {
		return nil, fmt.Errorf("checklist: encode state: %w", err)
	}
	return res, nil
}

// checkedItems returns the ticked ids in the configuration's order, without
// duplicates, rejecting ids the checklist does not have.
func checkedItems(cfg *config, values []string) ([]string, error) {
	ticked := make(map[string]bool, len(values))
	for _, v := range values {
		if _, ok := cfg.item(v); !ok {
			return nil, sdk.Invalidf("this checklist has no item %q", clip(v))
		}
		ticked[v] = true
	}
	checked := []string{}
	for _, it := range cfg.Items {
		if ticked[it.ID] {
			checked = append(checked, it.ID)
		}
	}
	return checked, nil
}

// readNote returns the reflection as the learner wrote it, with line breaks
// normalized and control characters dropped, rejecting notes that are too
// long or sent to a checklist that asks for none.
func readNote(cfg *config, values []string) (string, error) {
	switch {
	case len(values) == 0:
		return "", nil
	case len(values) > 1:
		return "", sdk.Invalidf("send one note, not %d", len(values))
	}
	note := strings.ReplaceAll(values[0], "\r\n", "\n")
	note = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, note)
	if strings.TrimSpace(note) == "" {
		return "", nil
	}
	if cfg.Reflection == nil {
		return "", sdk.Invalidf("this checklist does not ask for a note")
	}
	if n := utf8.RuneCountInString(note); n > cfg.Reflection.MaxLength {
		return "", sdk.Invalidf("the note is %d characters long; the limit is %d", n, cfg.Reflection.MaxLength)
	}
	return note, nil
}

// truncate shortens s to at most n characters, at a word break when one is
// near, and marks the cut with an ellipsis.
func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > len(cut)*4/5 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + "…"
}

// clip keeps learner-sent values short in error messages.
func clip(s string) string { return truncate(strings.ToValidUTF8(s, "?"), 40) }
