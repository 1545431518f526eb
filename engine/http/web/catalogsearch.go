package web

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/i18n"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// catalogSearch is the catalog's search form and what it found.
type catalogSearch struct {
	Text, Topic, Language string // as asked
	Topics                []catalogOption
	Languages             []catalogOption // none when every module is in one language
	Filtered              bool
	// Count says what is shown: "2 modules", "1 module matches “desk”",
	// "No modules match “x”".
	Count string
}

type catalogOption struct {
	Value, Label string
	Lang         string // of the label: a language's name is in itself
	Selected     bool
}

type catalogLink struct{ Label, URL string }

// maxSearchRunes bounds each search field: longer is no search a person
// types.
const maxSearchRunes = 200

var languageParam = regexp.MustCompile(`^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$`)

// catalogQuery reads the search form: q, topic and language. Errors are
// EINVALID and name the field.
func catalogQuery(c echo.Context) (module.Query, error) {
	q := module.Query{Text: c.QueryParam("q"), Topic: c.QueryParam("topic"), Language: c.QueryParam("language")}
	for _, f := range []struct{ name, value string }{{"q", q.Text}, {"topic", q.Topic}, {"language", q.Language}} {
		switch n := utf8.RuneCountInString(f.value); {
		case !utf8.ValidString(f.value):
			return q, engine.FieldError(f.name, "is not valid UTF-8 text")
		case n > maxSearchRunes:
			return q, engine.FieldError(f.name, "is %d characters long; at most %d", n, maxSearchRunes)
		}
	}
	q.Text, q.Topic = strings.TrimSpace(q.Text), strings.TrimSpace(q.Topic)
	if q.Language != "" && !languageParam.MatchString(q.Language) {
		return q, engine.FieldError("language", "must be a language code such as en or es, got %q", q.Language)
	}
	return q, nil
}

// newCatalogSearch describes the form for q over every module, and the n
// modules it found.
func newCatalogSearch(loc *i18n.Locale, q module.Query, all []*learning.Module, n int) catalogSearch {
	s := catalogSearch{Text: q.Text, Topic: q.Topic, Language: q.Language,
		Filtered: q.Text != "" || q.Topic != "" || q.Language != ""}
	for _, t := range module.Topics(all) {
		s.Topics = append(s.Topics, catalogOption{Value: t, Label: t, Selected: strings.EqualFold(t, q.Topic)})
	}
	for _, l := range moduleLanguages(all) {
		s.Languages = append(s.Languages, catalogOption{Value: l, Label: languageName(l), Lang: l,
			Selected: l == module.PrimaryLanguage(q.Language)})
	}
	s.Count = countModules(loc, q, n)
	return s
}

// countModules says how many modules q found, and for which search.
func countModules(loc *i18n.Locale, q module.Query, n int) string {
	var what []string
	if q.Text != "" {
		what = append(what, "“"+q.Text+"”")
	}
	if q.Topic != "" {
		what = append(what, loc.T("catalog.in_topic", "Topic", q.Topic))
	}
	if q.Language != "" {
		what = append(what, loc.T("catalog.in_language", "Language", languageName(q.Language)))
	}
	w := strings.Join(what, " ")
	switch {
	case len(what) == 0:
		return loc.N("catalog.results", n)
	case q.Text == "" && n == 0:
		return loc.T("catalog.none_found", "What", w)
	case q.Text == "":
		return loc.N("catalog.found", n, "What", w)
	case n == 0:
		return loc.T("catalog.no_match", "What", w)
	}
	return loc.N("catalog.match", n, "What", w)
}

// languageName is a language's name in itself, as a label: "English",
// "Español". The region is left out ("es-MX" is "Español"): on a card the
// language is what a learner chooses by. An unknown tag is shown as is.
func languageName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	base, conf := t.Base()
	name := display.Self.Name(base)
	if conf != language.Exact || name == "" {
		return tag
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}

func topicURL(topic string) string { return "/?" + url.Values{"topic": {topic}}.Encode() }
