package module

import (
	"slices"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

func TestQueryMatches(t *testing.T) {
	desk := &learning.Module{Title: "Reference Desk Basics", Description: "The reference **interview**.",
		Topics: []string{"Reference", "Customer service"}, Language: "en-US"}
	privacy := &learning.Module{Title: "Privacidad del usuario", Description: "Qué registros guarda la biblioteca.",
		Topics: []string{"Privacidad"}, Language: "es"}
	cases := []struct {
		q    Query
		want []*learning.Module
	}{
		{Query{}, []*learning.Module{desk, privacy}},
		{Query{Text: "DESK"}, []*learning.Module{desk}},
		{Query{Text: "privacidad"}, []*learning.Module{privacy}},
		{Query{Text: "que registros"}, []*learning.Module{privacy}},         // accents ignored
		{Query{Text: "  interview   reference "}, []*learning.Module{desk}}, // every word, any order
		{Query{Text: "interview privacy"}, nil},
		{Query{Text: "customer"}, []*learning.Module{desk}}, // topics are searched
		{Query{Topic: "privacidad"}, []*learning.Module{privacy}},
		{Query{Topic: "Customer"}, nil}, // a topic is matched whole
		{Query{Language: "en"}, []*learning.Module{desk}},
		{Query{Language: "es-MX"}, []*learning.Module{privacy}},
		{Query{Text: "desk", Language: "es"}, nil},
	}
	for _, c := range cases {
		var got []*learning.Module
		for _, m := range []*learning.Module{desk, privacy} {
			if c.q.Matches(m) {
				got = append(got, m)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v matches %d modules, want %d", c.q, len(got), len(c.want))
		}
	}
}

func TestTopicsAndLanguages(t *testing.T) {
	mods := []*learning.Module{
		{Topics: []string{"Privacy", "éthique"}, Language: "en-US"},
		{Topics: []string{"privacy", "Access"}, Language: "es"},
		{Language: "en"},
	}
	if got := Topics(mods); !slices.Equal(got, []string{"Access", "éthique", "Privacy"}) {
		t.Errorf("Topics %q", got)
	}
	if got := Languages(mods); !slices.Equal(got, []string{"en", "es"}) {
		t.Errorf("Languages %q", got)
	}
}
