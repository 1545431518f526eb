package migration_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lode-elearning/lode/engine/migration"
)

func TestLoad(t *testing.T) {
	ok := fstest.MapFS{
		"m/0002_documents.sql": {Data: []byte("CREATE TABLE d ();")},
		"m/0001_init.sql":      {Data: []byte("CREATE TABLE i ();")},
	}
	got, err := migration.Load(ok, "m/*.sql")
	if err != nil || len(got) != 2 || got[0].Name != "init" || got[1].Version != 2 || got[1].SQL != "CREATE TABLE d ();" {
		t.Fatalf("Load = %+v, %v", got, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"Gap":      {"m/0001_init.sql": {}, "m/0003_x.sql": {}},
		"NoNumber": {"m/init.sql": {}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := migration.Load(fsys, "m/*.sql"); err == nil || !strings.Contains(err.Error(), "want number") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}
