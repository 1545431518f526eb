package web

import (
	"html/template"
	"testing"

	"github.com/lode-elearning/lode/engine/i18n"
)

type keyPage struct {
	Title    string
	HTML     template.HTML
	Percent  int
	Done     bool
	Hours    float64
	Steps    []string
	Counts   map[string]int
	Next     *keyPage
	Any      any
	csrf     string // unexported: a method could still show it
	loc      *i18n.Locale
	Callback func()
}

func TestPageKey(t *testing.T) {
	en, es := &i18n.Locale{Tag: "en"}, &i18n.Locale{Tag: "es"}
	base := func() keyPage {
		return keyPage{Title: "t", HTML: "<p>x</p>", Percent: 40, Hours: 1.5, Steps: []string{"a", "b"},
			Counts: map[string]int{"a": 1, "b": 2, "c": 3}, Next: &keyPage{Title: "n"}, Any: 1, csrf: "tok", loc: en}
	}
	key := func(tb testing.TB, name string, p keyPage) pageCacheKey {
		tb.Helper()
		k, ok := pageKey("en", name, p)
		if !ok {
			tb.Fatalf("no key for %+v", p)
		}
		return k
	}
	want := key(t, "object", base())
	if key(t, "object", base()) != want {
		t.Fatal("the same data gave two keys")
	}
	if k, _ := pageKey("es", "object", base()); k == want {
		t.Error("another locale gave the same key")
	}
	if key(t, "catalog", base()) == want {
		t.Error("another page gave the same key")
	}
	changes := map[string]func(*keyPage){
		"Title":               func(p *keyPage) { p.Title = "u" },
		"HTML":                func(p *keyPage) { p.HTML = "<p>y</p>" },
		"Percent":             func(p *keyPage) { p.Percent = 41 },
		"Done":                func(p *keyPage) { p.Done = true },
		"Hours":               func(p *keyPage) { p.Hours = 1.25 },
		"StepsOrder":          func(p *keyPage) { p.Steps = []string{"b", "a"} },
		"StepsShifted":        func(p *keyPage) { p.Steps = []string{"ab", ""} },
		"MapValue":            func(p *keyPage) { p.Counts = map[string]int{"a": 1, "b": 2, "c": 4} },
		"PointerTarget":       func(p *keyPage) { p.Next = &keyPage{Title: "m"} },
		"PointerNil":          func(p *keyPage) { p.Next = nil },
		"InterfaceType":       func(p *keyPage) { p.Any = "1" },
		"UnexportedCSRF":      func(p *keyPage) { p.csrf = "other" },
		"LocaleOfTheData":     func(p *keyPage) { p.loc = es },
		"StringAcrossFields":  func(p *keyPage) { p.Title, p.HTML = "t<p>x", "</p>" },
		"EmptyVersusNilSlice": func(p *keyPage) { p.Steps = nil },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			p := base()
			change(&p)
			if key(t, "object", p) == want {
				t.Errorf("changing %s kept the key", name)
			}
		})
	}
	t.Run("MapOrderDoesNotCount", func(t *testing.T) {
		p := base()
		p.Counts = map[string]int{"c": 3, "b": 2, "a": 1}
		if key(t, "object", p) != want {
			t.Error("the same map built in another order gave another key")
		}
	})
	t.Run("NoKeyForWhatItCannotName", func(t *testing.T) {
		p := base()
		p.Callback = func() {}
		if _, ok := pageKey("en", "object", p); ok {
			t.Error("a func got a key")
		}
		loop := base()
		loop.Next = &loop
		if _, ok := pageKey("en", "object", loop); ok {
			t.Error("a cycle got a key")
		}
		if _, ok := pageKey("en", "object", map[int]string{1: "a"}); ok {
			t.Error("a map keyed by ints got a key")
		}
	})
}
