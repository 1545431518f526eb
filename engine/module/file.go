package module

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fileTag inlines a file of the module folder as a string: body: !file welcome.md
const fileTag = "!file"

// maxFileBytes caps a !file and module.yaml itself. Inlined text travels in
// every render request of its object, so a video named by mistake must be
// refused rather than inlined.
const maxFileBytes = 1 << 20

// inline returns the text of the file a !file scalar names. The path is
// relative to the module folder and may not leave it, whether by "..", an
// absolute path or a symlink (d.root refuses those).
func (d *decoder) inline(n *yaml.Node, field string) (string, bool) {
	name := n.Value
	switch {
	case name == "":
		d.errorf(n, field, "!file needs a file name, such as !file welcome.md")
		return "", false
	case strings.HasPrefix(name, "/") || filepath.IsAbs(name):
		d.errorf(n, field, "!file %q: use a path relative to the module folder, not an absolute path", name)
		return "", false
	case !filepath.IsLocal(filepath.FromSlash(name)):
		d.errorf(n, field, "!file %q: the path leaves the module folder; only files inside it can be used", name)
		return "", false
	}
	text, err := readLocal(d.root, filepath.Clean(filepath.FromSlash(name)))
	if err != nil {
		d.errorf(n, field, "!file %q: %v", name, err)
		return "", false
	}
	return text, true
}

// readLocal reads a UTF-8 text file of at most maxFileBytes inside root.
// Its errors are sentences for the author.
func readLocal(root *os.Root, name string) (string, error) {
	f, err := root.Open(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", errors.New("no such file in the module folder")
	case err != nil:
		return "", errors.New("cannot be read inside the module folder (" + cause(err) + "); symlinks must not lead out of it")
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return "", errors.New("is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	switch {
	case err != nil:
		return "", errors.New("cannot be read (" + cause(err) + ")")
	case len(data) > maxFileBytes:
		return "", errors.New("is larger than 1 MiB; put large media in the folder and link to it instead")
	case !utf8.Valid(data):
		return "", errors.New("is not UTF-8 text")
	}
	return string(data), nil
}

// cause drops the operation and path from an *fs.PathError: the message
// already names the file.
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
