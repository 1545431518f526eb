package admin_test

import (
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

const questionIRI = "http://lode.example/modules/m1/objects/quiz/questions/"

func TestQuestions(t *testing.T) {
	r := admin.NewModuleReport(&learning.Module{ID: "m1"})
	r.AddQuestion(&admin.AnsweredQuestion{ActivityID: questionIRI + "q1", Definition: json.RawMessage(`{"name": {"en": "Prompt q1"},
		"choices": [{"id": "a", "description": {"en": "Always"}}, {"id": "b", "description": {"en": "Never"}},
		{"id": "c", "description": {"en": "Sometimes"}}]}`),
		Counts: []admin.AnswerCount{{true, "c", 1}, {false, "a", 1}, {false, "b", 2}, {false, "a[,]b", 1}}})
	r.AddQuestion(&admin.AnsweredQuestion{ActivityID: questionIRI + "q2", Definition: json.RawMessage(`null`),
		Counts: []admin.AnswerCount{{true, "c", 1}}})
	r.AddQuestion(&admin.AnsweredQuestion{ActivityID: questionIRI + "q3", // its definition unread
		Counts: []admin.AnswerCount{{false, "x", 2}, {false, "w", 2}}})
	r.Finish()
	if len(r.Questions) != 3 {
		t.Fatalf("%d questions, want q1, q2 and q3", len(r.Questions))
	}
	q1, q2, q3 := r.Questions[0], r.Questions[1], r.Questions[2]
	if q1.Prompt != "Prompt q1" || q1.Answers != 5 || q1.Correct != 1 || q1.ShareCorrect() != 0.2 {
		t.Errorf("q1 %+v", q1)
	}
	if q1.MostWrong != "Never" || q1.MostWrongN != 2 {
		t.Errorf("q1's most chosen wrong answer %q ×%d, want Never ×2 (its text, not its id)", q1.MostWrong, q1.MostWrongN)
	}
	if q2.Prompt != "" || q2.ShareCorrect() != 1 || q2.MostWrongN != 0 {
		t.Errorf("q2 %+v, want all correct, no prompt", q2)
	}
	if q3.MostWrong != "w" || q3.MostWrongN != 2 || q3.Answers != 4 {
		t.Errorf("q3 %+v, want w ×2 of 4: a tie goes to the first alphabetically", q3)
	}
}
