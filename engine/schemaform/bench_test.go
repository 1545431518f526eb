package schemaform_test

import (
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/engine/schemaform"
	"github.com/lode-elearning/lode/plugins/quiz"
)

// sampleQuiz is the sample module's quiz configuration.
func sampleQuiz(b *testing.B) json.RawMessage {
	for _, o := range sampleObjects(b) {
		if o.Type == "quiz" {
			return o.Config
		}
	}
	b.Fatal("no quiz in the sample module")
	return nil
}

func BenchmarkRenderQuiz(b *testing.B) {
	f, _ := schemaform.New(schemaOf(b, quiz.New()))
	cfg := sampleQuiz(b)
	var size int
	for b.Loop() {
		size = len(f.Render(cfg, nil, "cfg."))
	}
	b.ReportMetric(float64(size), "html-bytes")
}

func BenchmarkDecodeQuiz(b *testing.B) {
	f, _ := schemaform.New(schemaOf(b, quiz.New()))
	form := post(b, f.Render(sampleQuiz(b), nil, "cfg."), "")
	for b.Loop() {
		f.Decode(form, "cfg.")
	}
}
