package module

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// MediaPath returns the absolute path of the file rel names in m's folder,
// for serving a module's images, video and captions. rel is the
// slash-separated path from the request URL, such as "media/intro.webm".
//
// Errors are *engine.Error: EINVALID for a path that is not clean and local
// ("..", "a//b", "/etc/passwd", backslashes); ENOTFOUND for a file that does
// not exist, is not a regular file, is module.yaml, has a dot-named part
// (.git, .env) or leads out of the folder through a symlink. Content folders
// are the operator's, so the file is not expected to change between this
// check and serving it.
func MediaPath(m *learning.Module, rel string) (string, error) {
	if !fs.ValidPath(rel) || rel == "." || strings.ContainsAny(rel, "\\\x00") || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", engine.FieldError("path", "%q is not a file path inside the module", rel)
	}
	notFound := engine.Errorf(engine.ENOTFOUND, "no file %q in module %q", rel, m.ID)
	// module.yaml is matched without case for case-insensitive file systems.
	if strings.EqualFold(rel, FileName) || hasDotPart(rel) {
		return "", notFound
	}
	if _, named := slices.BinarySearch(m.Files, rel); !named {
		return "", notFound // only what the module's objects name is served
	}
	root, err := os.OpenRoot(m.Dir)
	if err != nil {
		notFound.Err = err
		return "", notFound
	}
	defer root.Close()
	// Root.Stat follows symlinks only while they stay inside the folder.
	fi, err := root.Stat(filepath.FromSlash(rel))
	if err != nil || !fi.Mode().IsRegular() {
		notFound.Err = err
		return "", notFound
	}
	return filepath.Join(m.Dir, filepath.FromSlash(rel)), nil
}

// hasDotPart reports whether any part of a slash path starts with a dot:
// such files (.git, .env, editor swap files) are never media.
func hasDotPart(rel string) bool {
	for part := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}
