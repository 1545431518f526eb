package authoring

import (
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine"
)

func TestEditObjects(t *testing.T) {
	files, err := NewModule(Settings{ID: "copyright", Title: "Copyright basics", Language: "en", License: "CC-BY-4.0", CEHours: "1.5", Topics: []string{"Law"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range []ObjectEdit{
		AddObject("welcome", "page", "Welcome"),
		AddObject("check", "quiz", "Check"),
		MoveObject(1, -1),
		SetConfig(1, "body: |\n  # Hello\n"),
	} {
		if files, err = EditObjects(files, edit); err != nil {
			t.Fatal(err)
		}
	}
	objs, err := Objects(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 2 || objs[0].ID != "check" || objs[1].ID != "welcome" || !strings.Contains(objs[1].Config, "# Hello") {
		t.Fatalf("objects %+v, want check then welcome with its body\n%s", objs, files[ModuleFile])
	}
	if _, err := EditObjects(files, AddObject("check", "page", "Again")); engine.ErrorCode(err) != engine.EINVALID {
		t.Fatalf("a second object check: %v, want EINVALID", err)
	}
	if _, err := EditObjects(files, SetConfig(0, "a: [")); err == nil || !strings.Contains(err.Error(), "objects[0].config") {
		t.Fatalf("bad YAML: %v, want an error naming objects[0].config", err)
	}
	if files, err = EditObjects(files, RemoveObject(0)); err != nil {
		t.Fatal(err)
	}
	if objs, _ := Objects(files); len(objs) != 1 {
		t.Fatalf("after removing: %+v", objs)
	}
}

func TestNewModuleChecksLicense(t *testing.T) {
	_, err := NewModule(Settings{ID: "x", Title: "X", License: "CC-BY-5.0"})
	if err == nil || !strings.HasPrefix(err.Error(), "license: ") {
		t.Fatalf("unknown license: %v, want an error naming license", err)
	}
}
