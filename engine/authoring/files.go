package authoring

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// Media is what may be uploaded into a draft: by extension, the kind of
// content its first bytes must sniff as (net/http's sniffing; "" for text
// checked otherwise) and the largest size.
var Media = map[string]struct {
	Sniff string
	Max   int64
}{
	".png": {"image/png", 10 << 20}, ".jpg": {"image/jpeg", 10 << 20}, ".jpeg": {"image/jpeg", 10 << 20},
	".gif": {"image/gif", 10 << 20}, ".webp": {"image/webp", 10 << 20},
	".mp3": {"audio/mpeg", 50 << 20}, ".ogg": {"application/ogg", 50 << 20}, ".wav": {"audio/wave", 50 << 20},
	".mp4": {"video/mp4", 200 << 20}, ".webm": {"video/webm", 200 << 20},
	".vtt": {"", 1 << 20}, ".md": {"", 1 << 20},
}

// CheckUpload says why a file may not go into a draft under name: a path
// outside the folder, a type not in Media, too large, or bytes that are
// not what the extension says. EINVALID naming field.
func CheckUpload(field, name string, data []byte) error {
	if err := checkPath(field, name); err != nil {
		return err
	}
	ext := strings.ToLower(path.Ext(name))
	kind, ok := Media[ext]
	switch {
	case !ok:
		return engine.FieldError(field, "%q: %s files cannot be uploaded; use images (.png, .jpg, .gif, .webp), audio (.mp3, .ogg, .wav), video (.mp4, .webm), captions (.vtt) or Markdown (.md)", name, ext)
	case int64(len(data)) > kind.Max:
		return engine.FieldError(field, "%q is %d MiB; %s files may be at most %d MiB", name, len(data)>>20, ext, kind.Max>>20)
	case ext == ".vtt" && !strings.HasPrefix(strings.TrimPrefix(string(data), "\ufeff"), "WEBVTT"):
		return engine.FieldError(field, "%q is not WebVTT captions: the file must start with WEBVTT", name)
	case kind.Sniff != "" && !strings.HasPrefix(http.DetectContentType(data), kind.Sniff):
		return engine.FieldError(field, "%q is not a %s file: its content is %s", name, ext, http.DetectContentType(data))
	}
	return nil
}

// checkPath refuses a path that is not clean, local and free of dot parts.
func checkPath(field, name string) error {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00:") || strings.Contains("/"+name, "/.") {
		return engine.FieldError(field, "%q is not a file path inside the module (letters, digits, - _ and / between folders)", name)
	}
	return nil
}

// WriteFolder writes files as a module folder under dir, named after the
// module (engine/module refuses a folder named otherwise when installing).
func WriteFolder(dir, moduleID string, files Files) (string, error) {
	root := filepath.Join(dir, moduleID)
	for name, data := range files {
		if err := checkPath("files", name); err != nil {
			return "", err
		}
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", err
		}
	}
	return root, nil
}

// Check writes files to a temporary module folder and loads it as `lode
// check` does, with the real content types (v). Problems name files
// relative to the folder (module.yaml:14:7). The module is nil when there
// are errors; its folder is removed by the time Check returns.
func Check(ctx context.Context, moduleID string, files Files, v module.Validator) (*learning.Module, []module.Problem, error) {
	var m *learning.Module
	var problems []module.Problem
	err := inFolder(moduleID, files, func(dir string) error {
		m, problems = module.Load(ctx, dir, v)
		relative(problems, dir)
		return nil
	})
	return m, problems, err
}

// inFolder writes files to a temporary module folder and runs fn on it.
func inFolder(moduleID string, files Files, fn func(dir string) error) error {
	tmp, err := os.MkdirTemp("", "lode-draft-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir, err := WriteFolder(tmp, moduleID, files)
	if err != nil {
		return err
	}
	return fn(dir)
}

// relative makes each problem's file relative to dir, as the author knows
// the draft's files.
func relative(problems []module.Problem, dir string) {
	for i, p := range problems {
		if rel, err := filepath.Rel(dir, p.File); err == nil && filepath.IsLocal(rel) {
			problems[i].File = filepath.ToSlash(rel)
		}
	}
}

// maxFolder bounds what ReadFolder reads: a draft is kept in the database.
const maxFolder = 256 << 20

// ReadFolder reads a module folder's files as a draft holds them: every
// regular file but those with a dot-named part (.git, .env), to open a
// module written as files in the editor or to compare a draft with the
// version served. EINVALID if they add up to more than 256 MiB.
func ReadFolder(dir string) (Files, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	out, total := Files{}, int64(0)
	err = fs.WalkDir(root.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case name != "." && strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case !d.Type().IsRegular():
			return nil
		}
		b, err := root.ReadFile(filepath.FromSlash(name))
		if err != nil {
			return err
		}
		if total += int64(len(b)); total > maxFolder {
			return engine.Errorf(engine.EINVALID, "%s: the module's files are over %d MiB, more than a draft may hold", dir, maxFolder>>20)
		}
		out[name] = b
		return nil
	})
	return out, err
}
