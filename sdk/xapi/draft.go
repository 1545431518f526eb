package xapi

import (
	"encoding/json"
	"fmt"
	"time"

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

// ValidateDraft builds the statement the engine would record from d
// (through DraftTarget, DraftVerb and DraftResult, with a placeholder
// learner, object and registration) and validates it with the LRS's own
// rules, in Go and as the JSON the LRS would parse. nil means the engine
// would record it; otherwise the error is the LRS's reason for refusing
// it. sdktest.CheckStatement and the workbench both judge drafts by it.
func ValidateDraft(d sdk.StatementDraft) error {
	object := Object{ObjectType: "Activity", ID: "https://lode.example/modules/test/objects/test",
		Definition: &ActivityDefinition{Name: map[string]string{"en": "Test"}}}
	target, err := DraftTarget(object, d)
	if err != nil {
		return err
	}
	now := time.Now()
	s := Statement{
		Actor:  Agent{ObjectType: "Agent", Account: &Account{HomePage: "https://lode.example", Name: "test-learner"}},
		Verb:   DraftVerb(d),
		Object: target,
		Result: DraftResult(d.Result),
		Context: &Context{Registration: "7d4a1c2e-8a4b-4c1e-9f0a-2b3c4d5e6f70", Platform: "Lode", Language: "en",
			Extensions: d.ContextExtensions},
		Timestamp: &now,
	}
	if err := s.Validate(); err != nil {
		return err
	}
	// The LRS parses what it receives strictly; the engine's own statements
	// go through the same rules when they are read back or forwarded.
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = ParseStatement(raw, V200)
	return err
}
