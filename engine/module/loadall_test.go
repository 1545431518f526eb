package module

import (
	"context"
	"path/filepath"
	"testing"
)

// testdata/content holds a good module, a broken one, a second module with
// the good one's id, a folder of notes and a dot folder.
func TestLoadAll(t *testing.T) {
	root := filepath.Join("testdata", "content")
	mods, ps := LoadAll(context.Background(), root, nil)
	var ids []string
	for _, m := range mods {
		ids = append(ids, m.ID)
	}
	if len(ids) != 2 || ids[0] != "health" || ids[1] != "accessibility" {
		t.Errorf("loaded %v, want [health accessibility]", ids)
	}
	if mods[0].Title != "Health Information" {
		t.Errorf("the first module with a duplicated id should win, got %q", mods[0].Title)
	}
	assertProblems(t, ps,
		filepath.Join(root, "b-broken", "module.yaml")+`:3:10: version: must be a semantic version such as 1.2.0, got "one"`,
		filepath.Join(root, "c-duplicate", "module.yaml")+`:1:5: id: module id "health" is already used by `+
			filepath.Join(root, "a-health", "module.yaml")+"; this module is not loaded",
	)
}

func TestLoadAll_MissingRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "nope")
	mods, ps := LoadAll(context.Background(), root, nil)
	if len(mods) != 0 {
		t.Errorf("loaded %d modules from a missing folder", len(mods))
	}
	assertProblems(t, ps, root+": cannot read the content folder (no such file or directory)")
}

func TestLoadAll_Canceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	root := filepath.Join("testdata", "content")
	mods, ps := LoadAll(ctx, root, nil)
	if len(mods) != 0 {
		t.Errorf("loaded %d modules after cancel", len(mods))
	}
	assertProblems(t, ps, root+": loading stopped: context canceled")
}
