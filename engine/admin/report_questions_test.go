package admin_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

func answer(question string, success bool, response string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"object": {"id": "http://lode.example/modules/m1/objects/quiz/questions/%s",
		"definition": {"name": {"en": "Prompt %s"}, "choices": [{"id": "a", "description": {"en": "Always"}},
		{"id": "b", "description": {"en": "Never"}}, {"id": "c", "description": {"en": "Sometimes"}}]}},
		"result": {"success": %t, "response": %q}}`, question, question, success, response))
}

func TestQuestions(t *testing.T) {
	r := admin.NewModuleReport(&learning.Module{ID: "m1"})
	for _, a := range []json.RawMessage{
		answer("q1", true, "c"), answer("q1", false, "a"), answer("q1", false, "b"), answer("q1", false, "a[,]b"),
		answer("q1", false, "b"), answer("q2", true, "c"),
		json.RawMessage(`{"object": {"id": "http://lode.example/modules/m1/objects/quiz"}, "result": {"success": true}}`), // the quiz, not a question
		json.RawMessage(`not json`),
	} {
		r.AddAnswer(a)
	}
	r.Finish()
	if len(r.Questions) != 2 {
		t.Fatalf("%d questions, want q1 and q2", len(r.Questions))
	}
	q1, q2 := r.Questions[0], r.Questions[1]
	if q1.Prompt != "Prompt q1" || q1.Answers != 5 || q1.Correct != 1 || q1.ShareCorrect() != 0.2 {
		t.Errorf("q1 %+v", q1)
	}
	if q1.MostWrong != "Never" || q1.MostWrongN != 2 {
		t.Errorf("q1's most chosen wrong answer %q ×%d, want Never ×2 (its text, not its id)", q1.MostWrong, q1.MostWrongN)
	}
	if q2.ShareCorrect() != 1 || q2.MostWrongN != 0 {
		t.Errorf("q2 %+v, want all correct", q2)
	}
}
