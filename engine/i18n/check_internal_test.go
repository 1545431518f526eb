package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A catalog that is incomplete stops the server at start, naming what is
// wrong.
func TestLoadRefusesIncompleteCatalogs(t *testing.T) {
	const en = "hello = \"Hello\"\n[hours]\none = \"{{.Count}} hour\"\nother = \"{{.Count}} hours\"\n"
	for name, tc := range map[string]struct{ es, want string }{
		"missing message": {
			es:   "[hours]\none = \"{{.Count}} hora\"\nmany = \"{{.Count}} de horas\"\nother = \"{{.Count}} horas\"\n",
			want: `message "hello" is missing`,
		},
		"extra message": {
			es:   "hello = \"Hola\"\nbye = \"Adiós\"\n[hours]\none = \"{{.Count}} hora\"\nmany = \"{{.Count}} de horas\"\nother = \"{{.Count}} horas\"\n",
			want: `message "bye" is not in`,
		},
		"missing plural form": {
			es:   "hello = \"Hola\"\n[hours]\none = \"{{.Count}} hora\"\nother = \"{{.Count}} horas\"\n",
			want: `message "hours" for a count of 1000000`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{"locales/en.toml": {Data: []byte(en)}, "locales/es.toml": {Data: []byte(tc.es)}}
			_, err := load(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("load: %v; want an error with %q", err, tc.want)
			}
		})
	}
	t.Run("complete", func(t *testing.T) {
		es := "hello = \"Hola\"\n[hours]\none = \"{{.Count}} hora\"\nmany = \"{{.Count}} de horas\"\nother = \"{{.Count}} horas\"\n"
		if _, err := load(fstest.MapFS{"locales/en.toml": {Data: []byte(en)}, "locales/es.toml": {Data: []byte(es)}}); err != nil {
			t.Fatal(err)
		}
	})
}
