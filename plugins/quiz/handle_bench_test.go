package quiz

import (
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// BenchmarkHandleSubmit grades a first attempt of the sample quiz, the
// quiz's share of a learner's answer (PERFORMANCE.md, "Plugin calls").
func BenchmarkHandleSubmit(b *testing.B) {
	l := newTestLearner(b, MustSampleConfig(b, nil))
	data, err := json.Marshal(map[string][]string{"q1": {"a"}, "q2": {"a", "c"}})
	if err != nil {
		b.Fatal(err)
	}
	req := &sdk.HandleRequest{Object: l.obj, Event: sdk.Event{Type: eventSubmit, Data: data}, Locale: "en-US", Registration: l.reg}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.quiz.Handle(b.Context(), req); err != nil {
			b.Fatal(err)
		}
	}
}
