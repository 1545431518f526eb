// Package i18n holds Lode's message catalogs (locales/*.toml, embedded)
// and chooses the language of a page: a module's language on a module's
// pages, the browser's Accept-Language elsewhere, English by default. It
// uses github.com/nicksnyder/go-i18n, so plural forms follow each
// language's CLDR rules (Spanish has one, many and other).
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var localeFS embed.FS

// DefaultTag is the default language, whose catalog every other is
// checked against.
const DefaultTag = "en"

// supported are the shipped languages; the first is the default, whose
// catalog every other must match key for key.
var supported = []language.Tag{language.Make(DefaultTag), language.Spanish}

// Catalog is every shipped language's messages.
type Catalog struct {
	bundle  *goi18n.Bundle
	matcher language.Matcher
	locales []*Locale // in the order of supported
	ids     []string  // the default catalog's
}

// Load parses the embedded catalogs. It fails, naming the language and the
// message, if a catalog lacks a message of the default one, has one the
// default does not, or lacks a plural form its language needs: a
// translation that is incomplete is caught when the server starts, not
// by a learner.
func Load() (*Catalog, error) { return load(localeFS) }

func load(fsys fs.FS) (*Catalog, error) {
	b := goi18n.NewBundle(supported[0])
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files := make([]*goi18n.MessageFile, len(supported))
	for i, tag := range supported {
		f, err := b.LoadMessageFileFS(fsys, "locales/"+tag.String()+".toml")
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		files[i] = f
	}
	c := &Catalog{bundle: b, matcher: language.NewMatcher(supported)}
	for _, tag := range supported {
		c.locales = append(c.locales, &Locale{Tag: tag.String(), localizer: goi18n.NewLocalizer(b, tag.String())})
	}
	if err := c.check(files); err != nil {
		return nil, err
	}
	return c, nil
}

// Default is the English locale.
func (c *Catalog) Default() *Locale { return c.locales[0] }

// Locales lists every shipped locale, the default first.
func (c *Catalog) Locales() []*Locale { return c.locales }

// ForModule is the locale for a module's pages: the module's language
// (BCP 47, such as es or en-US) when it is shipped, else the default, so
// that the page around the module matches what its content types render.
func (c *Catalog) ForModule(lang string) *Locale {
	tag, err := language.Parse(lang)
	if err != nil {
		return c.Default()
	}
	return c.match(tag)
}

// ForBrowser is the locale for an Accept-Language header: the best
// shipped match, else the default.
func (c *Catalog) ForBrowser(acceptLanguage string) *Locale {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return c.Default()
	}
	return c.match(tags...)
}

func (c *Catalog) match(tags ...language.Tag) *Locale {
	_, i, conf := c.matcher.Match(tags...)
	if conf < language.High {
		return c.Default()
	}
	return c.locales[i]
}

// Shipped is the locale of a shipped language's exact tag (en, es), nil
// for any other.
func (c *Catalog) Shipped(tag string) *Locale {
	for _, l := range c.locales {
		if l.Tag == tag {
			return l
		}
	}
	return nil
}

// Locale says messages in one language.
type Locale struct {
	Tag       string // BCP 47: en, es
	localizer *goi18n.Localizer
}

// T is the message id with its {{.Name}} placeholders filled from pairs:
// name, value, name, value. An unknown id comes back as itself, so that a
// missing message shows on the page rather than failing it (the tests
// and Load make sure none is missing).
func (l *Locale) T(id string, pairs ...any) string {
	return l.localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data(pairs)})
}

// N is T for a message with plural forms, chosen by count (an int, a
// float or a decimal string such as "1.5"), which fills {{.Count}}.
func (l *Locale) N(id string, count any, pairs ...any) string {
	d := data(pairs)
	d["Count"] = count
	return l.localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: d, PluralCount: count})
}

func (l *Locale) localize(lc *goi18n.LocalizeConfig) string {
	msg, err := l.localizer.Localize(lc)
	if err != nil && msg == "" {
		return lc.MessageID
	}
	return msg
}

// Date writes a day as certificates and records show it: 2 December
// 2026, 2 de diciembre de 2026.
func (l *Locale) Date(t time.Time) string {
	t = t.UTC()
	return l.T("date", "Day", t.Day(), "Month", l.T("month."+strconv.Itoa(int(t.Month()))), "Year", t.Year())
}

func data(pairs []any) map[string]any {
	if len(pairs)%2 != 0 {
		panic(fmt.Sprintf("i18n: arguments must be name, value pairs; got %d values", len(pairs)))
	}
	d := make(map[string]any, len(pairs)/2+1)
	for i := 0; i < len(pairs); i += 2 {
		d[fmt.Sprint(pairs[i])] = pairs[i+1]
	}
	return d
}

// IDs lists the default catalog's message ids, for the tests that check
// that every id a template or handler uses exists.
func (c *Catalog) IDs() []string { return c.ids }
