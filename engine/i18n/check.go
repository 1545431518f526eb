package i18n

import (
	"fmt"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// pluralSamples are counts that reach every CLDR plural form of the
// shipped languages: English one and other, Spanish one, many and other.
var pluralSamples = []any{0, 1, 2, "1.5", 1000000}

// check compares every catalog with the default (files[0]): the same
// ids, and every plural form the language's rules choose for the samples.
func (c *Catalog) check(files []*goi18n.MessageFile) error {
	plural := map[string]bool{}
	for _, m := range files[0].Messages {
		c.ids = append(c.ids, m.ID)
		plural[m.ID] = m.One != ""
	}
	for i, f := range files {
		have := map[string]bool{}
		for _, m := range f.Messages {
			have[m.ID] = true
			if _, ok := plural[m.ID]; !ok {
				return fmt.Errorf("i18n: %s: message %q is not in %s", f.Path, m.ID, files[0].Path)
			}
		}
		for _, id := range c.ids {
			if !have[id] {
				return fmt.Errorf("i18n: %s: message %q is missing (it is in %s)", f.Path, id, files[0].Path)
			}
			if err := c.locales[i].checkPlural(id, plural[id]); err != nil {
				return fmt.Errorf("i18n: %s: %w", f.Path, err)
			}
		}
	}
	return nil
}

func (l *Locale) checkPlural(id string, plural bool) error {
	if !plural {
		_, err := l.localizer.Localize(&goi18n.LocalizeConfig{MessageID: id})
		return err
	}
	for _, n := range pluralSamples {
		if _, err := l.localizer.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n}); err != nil {
			return fmt.Errorf("message %q for a count of %v: %w", id, n, err)
		}
	}
	return nil
}
