package config

import "strings"

// envTable applies a mapping given in an environment variable as
// comma-separated KEY=VALUE items, such as
// LODE_PLUGIN_SHA256=poll=3f1c...,flashcards=9a0b..., so that a container
// can pin its plugins without a config file.
func (l *loader) envTable(s setting, v string) {
	m := map[string]string{}
	for _, item := range splitList(v) {
		key, value, ok := strings.Cut(item, "=")
		if !ok || strings.TrimSpace(key) == "" {
			l.errorf(s.env, "item %q must be NAME=VALUE, such as quiz=<sha256>", item)
			continue
		}
		m[strings.TrimSpace(key)] = strings.TrimSpace(value)
	}
	s.table(&l.c, m)
}
