package module

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

// completionModule is a module.yaml with two objects, a page and a quiz,
// and the completion rule given (lines 9 onward).
func completionModule(rule string) string {
	return `id: m
title: M
version: 1.0.0
objects:
  - {id: intro, type: page, title: Intro}
  - {id: check, type: quiz, title: Check}
  - {id: extra, type: page, title: Extra, required: false}
# the rule
` + rule
}

func TestCompletion(t *testing.T) {
	good := []struct {
		name, rule string
		want       learning.Completion
	}{
		{"LeftOut", "", learning.Completion{}},
		{"ObjectsRequired", "completion: {objects: required}", learning.Completion{}},
		{"Mastery", "completion:\n  mastery:\n    - object: check\n      min_score: 0.8\n",
			learning.Completion{Mastery: []learning.Mastery{{ObjectID: "check", MinScore: 0.8}}}},
		{"MasteryOnly", "completion:\n  objects: none\n  mastery: [{object: check, min_score: 1}]\n",
			learning.Completion{SkipObjects: true, Mastery: []learning.Mastery{{ObjectID: "check", MinScore: 1}}}},
	}
	for _, tt := range good {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, map[string]string{FileName: completionModule(tt.rule)})
			m := MustLoad(t, dir, nil)
			if !reflect.DeepEqual(m.Completion, tt.want) {
				t.Fatalf("completion %+v, want %+v", m.Completion, tt.want)
			}
		})
	}
	t.Run("BeforeObjects", func(t *testing.T) {
		// The rule may come first: the objects it names are checked once all are read.
		dir := writeModule(t, map[string]string{FileName: "completion: {mastery: [{object: check, min_score: 0.5}]}\n" + completionModule("")})
		if m := MustLoad(t, dir, nil); len(m.Completion.Mastery) != 1 {
			t.Fatalf("completion %+v, want mastery on check", m.Completion)
		}
	})

	bad := []struct {
		name, rule string
		want       []string
	}{
		{"UnknownKey", "completion:\n  objets: none\n",
			[]string{`:10:3: completion.objets: unknown field "objets"; did you mean "objects"?`}},
		{"UnknownObject", "completion:\n  mastery:\n    - object: quizz\n      min_score: 0.8\n",
			[]string{`:11:15: completion.mastery[0].object: there is no object "quizz" in this module; name one of its objects' ids`}},
		{"ScoreAboveOne", "completion:\n  mastery: [{object: check, min_score: 80}]\n",
			[]string{`:10:40: completion.mastery[0].min_score: must be from 0 to 1 (0.8 is 80%), got 80`}},
		{"ScoreNegative", "completion:\n  mastery: [{object: check, min_score: -0.1}]\n",
			[]string{`:10:40: completion.mastery[0].min_score: must be from 0 to 1 (0.8 is 80%), got -0.1`}},
		{"ScoreText", "completion:\n  mastery: [{object: check, min_score: high}]\n",
			[]string{`:10:40: completion.mastery[0].min_score: must be a scaled score from 0 to 1 such as 0.8, got "high"`}},
		{"ScoreMissing", "completion:\n  mastery: [{object: check}]\n",
			[]string{`:10:13: completion.mastery[0].min_score: missing; give the least scaled score, from 0 to 1, such as 0.8`}},
		{"EmptyRule", "completion:\n  objects: none\n",
			[]string{`:10:3: completion: the rule asks for nothing: with objects: none, list at least one mastery score; or leave completion out to require the required objects`}},
		{"BadObjectsRule", "completion: {objects: all}\n",
			[]string{`:9:23: completion.objects: must be required or none, got "all"`}},
		{"Twice", "completion:\n  mastery:\n    - {object: check, min_score: 0.5}\n    - {object: check, min_score: 0.9}\n",
			[]string{`:12:16: completion.mastery[1].object: object "check" already has a mastery score on line 11; keep one`}},
		{"NotAMapping", "completion: required\n",
			[]string{`:9:13: completion: must be a mapping (objects: ..., mastery: ...), not a single value`}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, map[string]string{FileName: completionModule(tt.rule)})
			m, ps := Load(context.Background(), dir, nil)
			if m != nil {
				t.Errorf("the module loaded with completion %+v", m.Completion)
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = filepath.Join(dir, FileName) + w
			}
			assertProblems(t, ps, want...)
		})
	}
}
