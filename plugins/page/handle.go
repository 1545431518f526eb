package page

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lode-elearning/lode/sdk"
)

// Handle applies the "complete" event sent by the "Mark as read" form. The
// first time it records that the learner experienced and then completed the
// page; afterwards it changes nothing and records nothing, so a double click
// or a second tab does not inflate the learner's record.
func (p *Page) Handle(ctx context.Context, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	if req.Event.Type != "complete" {
		return nil, sdk.Invalidf("a page accepts only the \"complete\" event, not %q", req.Event.Type)
	}
	st, err := decodeState(req.State)
	if err != nil {
		return nil, err
	}
	if st.Completed {
		return &sdk.HandleResponse{State: req.State, FeedbackHTML: messagesFor(req.Locale).AlreadyRead}, nil
	}
	st.Completed = true
	raw, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("page: encode state: %w", err)
	}
	done := &sdk.Result{Completion: sdk.Bool(true)}
	return &sdk.HandleResponse{
		State:        raw,
		Result:       done,
		FeedbackHTML: messagesFor(req.Locale).Marked,
		Statements: []sdk.StatementDraft{
			{Verb: sdk.VerbExperienced},
			{Verb: sdk.VerbCompleted, Result: done},
		},
	}, nil
}
