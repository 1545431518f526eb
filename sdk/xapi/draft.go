package xapi

import (
	"encoding/json"
	"fmt"

	"github.com/lode-elearning/lode/sdk"
)

// DraftTarget is the activity a content type's statement draft is about:
// the object itself (objectIRI, with the name and type the engine gives
// it) or, when the draft names a sub-activity, objectIRI plus the draft's
// suffix with the draft's definition. The engine and sdktest both build
// statements through it, so a content type's tests judge its drafts by
// the rules the LRS applies when the engine records them.
func DraftTarget(object Object, d sdk.StatementDraft) (Object, error) {
	if d.Activity == nil {
		return object, nil
	}
	def := &ActivityDefinition{}
	if len(d.Activity.Definition) > 0 {
		if err := json.Unmarshal(d.Activity.Definition, def); err != nil {
			return Object{}, fmt.Errorf("activity definition: %w", err)
		}
	}
	return Object{ObjectType: "Activity", ID: object.ID + d.Activity.IDSuffix, Definition: def}, nil
}

// DraftVerb is the draft's verb as xAPI's.
func DraftVerb(d sdk.StatementDraft) Verb { return Verb{ID: d.Verb.ID, Display: d.Verb.Display} }

// DraftResult is a draft's result as xAPI's: a content type's score always
// carries raw, min, max and scaled.
func DraftResult(r *sdk.Result) *Result {
	if r == nil {
		return nil
	}
	out := &Result{Success: r.Success, Completion: r.Completion, Response: r.Response, Duration: r.Duration, Extensions: r.Extensions}
	if s := r.Score; s != nil {
		raw, lo, hi, scaled := s.Raw, s.Min, s.Max, s.Scaled
		out.Score = &Score{Raw: &raw, Min: &lo, Max: &hi, Scaled: &scaled}
	}
	return out
}
