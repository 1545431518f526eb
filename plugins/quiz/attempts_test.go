package quiz

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

func TestAttempts(t *testing.T) {
	wrong := map[string][]string{"q1": {"b"}}
	tests := []struct {
		name string
		max  int
		// steps are "submit", "pass" (submit all right), "retry"; a "!"
		// prefix means the step must be refused with an InvalidError.
		steps []string
	}{
		{"RetryAfterFailing", 2, []string{"submit", "retry", "submit"}},
		{"NoRetryAfterTheLastAttempt", 2, []string{"submit", "retry", "submit", "!retry", "!submit"}},
		{"NoSecondSubmission", 2, []string{"submit", "!submit"}},
		{"NoRetryBeforeSubmitting", 2, []string{"!retry", "submit", "retry", "!retry"}},
		{"NoRetryAfterPassing", 3, []string{"pass", "!retry", "!submit"}},
		{"PassOnTheLastAttempt", 2, []string{"submit", "retry", "pass", "!retry"}},
		{"Unlimited", 0, []string{"submit", "retry", "submit", "retry", "submit", "retry", "submit", "retry", "pass", "!retry"}},
		{"SingleAttempt", 1, []string{"submit", "!retry", "!submit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLearner(t, MustSampleConfig(t, func(c map[string]any) { c["max_attempts"] = tt.max }))
			for i, step := range tt.steps {
				refuse := strings.HasPrefix(step, "!")
				var err error
				switch strings.TrimPrefix(step, "!") {
				case "submit":
					_, err = l.handle(eventSubmit, json.RawMessage(mustJSON(t, wrong)))
				case "pass":
					_, err = l.handle(eventSubmit, json.RawMessage(mustJSON(t, allRight())))
				case "retry":
					_, err = l.handle(eventRetry, nil)
				}
				if refuse && !sdk.IsInvalid(err) || !refuse && err != nil {
					t.Fatalf("step %d %q: err = %v", i+1, step, err)
				}
			}
		})
	}
}

func TestAttemptsShownToLearner(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil)) // max_attempts: 3
	raw, _ := l.mustRender()
	if !strings.Contains(raw, "This is attempt 1 of 3.") {
		t.Error("form does not say which attempt this is")
	}
	l.mustSubmit(map[string][]string{})
	resp := l.mustRetry()
	if want := "Attempt 2 of 3 started. Your previous answers have been cleared."; resp.FeedbackHTML != want {
		t.Errorf("retry feedback %q, want %q", resp.FeedbackHTML, want)
	}
	if raw, _ = l.mustRender(); !strings.Contains(raw, "This is attempt 2 of 3.") {
		t.Error("form after retry does not say attempt 2 of 3")
	}
	l.mustSubmit(map[string][]string{})
	if raw, _ = l.mustRender(); !strings.Contains(raw, "Attempts used: 2 of 3; 1 remaining.") {
		t.Errorf("review does not count attempts:\n%s", raw)
	}
}

// TestAttemptsLowered covers an author lowering max_attempts below the
// attempt a learner is on: the open attempt can no longer be submitted.
func TestAttemptsLowered(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	l.mustSubmit(map[string][]string{})
	l.mustRetry()
	l.mustSubmit(map[string][]string{})
	l.mustRetry() // attempt 3 of 3, open
	l.obj.Config = MustSampleConfig(t, func(c map[string]any) { c["max_attempts"] = 2 })
	if _, err := l.handle(eventSubmit, nil); !sdk.IsInvalid(err) {
		t.Errorf("submit of attempt 3 with max_attempts 2 = %v, want an InvalidError", err)
	}
}

func TestHandleUnknownEvent(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	if _, err := l.handle("progress", nil); !sdk.IsInvalid(err) {
		t.Errorf("unknown event = %v, want an InvalidError", err)
	}
}

// TestHandleBrokenState checks that a state the plugin never wrote is a
// plain error (a bug to investigate), not blamed on the learner.
func TestHandleBrokenState(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	l.state = json.RawMessage(`{"v": 1, "attempt": "one"}`)
	_, err := l.handle(eventSubmit, nil)
	if err == nil || sdk.IsInvalid(err) {
		t.Errorf("err = %v, want a plain error", err)
	}
}
