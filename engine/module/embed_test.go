package module

import (
	"context"
	"slices"
	"testing"
)

func TestLoad_EmbedOrigins(t *testing.T) {
	const head = "id: m\ntitle: M\nversion: 0.1.0\nobjects: [{id: a, type: page, title: A}]\n"
	t.Run("OK", func(t *testing.T) {
		dir := writeModule(t, map[string]string{"module.yaml": head +
			"embed_origins: [https://library.example, 'https://intranet.library.example:8443', 'http://localhost:8080', 'http://127.0.0.1']\n"})
		m := MustLoad(t, dir, nil)
		want := []string{"https://library.example", "https://intranet.library.example:8443", "http://localhost:8080", "http://127.0.0.1"}
		if !slices.Equal(m.EmbedOrigins, want) {
			t.Errorf("EmbedOrigins = %q, want %q", m.EmbedOrigins, want)
		}
	})
	t.Run("Refused", func(t *testing.T) {
		dir := writeModule(t, map[string]string{"module.yaml": head +
			"embed_origins:\n  - http://library.example\n  - https://library.example/\n  - https://*.example\n  - [nested]\n"})
		_, ps := Load(context.Background(), dir, nil)
		assertProblems(t, relative(ps, dir),
			`module.yaml:6:5: embed_origins[0]: "http://library.example" uses http://, which is accepted only for http://localhost and http://127.0.0.1 (development); use the site's https:// origin`,
			`module.yaml:7:5: embed_origins[1]: "https://library.example/" must be an origin such as https://library.example or https://library.example:8443, with no path, trailing slash or wildcard`,
			`module.yaml:8:5: embed_origins[2]: "https://*.example" must be an origin such as https://library.example or https://library.example:8443, with no path, trailing slash or wildcard`,
			`module.yaml:9:5: embed_origins[3]: must be text, not a list`,
		)
	})
	t.Run("NotAList", func(t *testing.T) {
		dir := writeModule(t, map[string]string{"module.yaml": head + "embed_origins: https://library.example\n"})
		_, ps := Load(context.Background(), dir, nil)
		assertProblems(t, relative(ps, dir),
			`module.yaml:5:16: embed_origins: must be a list of origins such as [https://library.example], not a single value`)
	})
}

// relative drops the temporary folder from problems' file names.
func relative(ps []Problem, dir string) []Problem {
	for i := range ps {
		ps[i].File = ps[i].File[len(dir)+1:]
	}
	return ps
}
