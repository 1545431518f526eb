package module

import (
	"archive/zip"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/lode-elearning/lode/engine"
)

// Limits bound what a package may unpack to, against zip bombs.
type Limits struct {
	MaxFiles      int   // entries in the zip, folders included
	MaxTotalBytes int64 // all files unpacked
	// MaxRatio bounds how much larger than its compressed form an entry
	// may be, for entries over ratioFloor: media barely compresses and
	// text about fivefold, while a bomb of zeros does a thousandfold.
	MaxRatio int64
}

// DefaultLimits fit any module an author writes by hand, videos included.
var DefaultLimits = Limits{MaxFiles: 2000, MaxTotalBytes: 2 << 30, MaxRatio: 100}

// ratioFloor exempts small entries from MaxRatio: a short file of
// repeated text may compress well without harm.
const ratioFloor = 64 << 10

// refuse is the error for a hostile or broken package: it names the entry.
func refuse(entry, format string, args ...any) error {
	return engine.Errorf(engine.EINVALID, "package entry %q: %s", entry, fmt.Sprintf(format, args...))
}

// checkEntries checks every entry's name, kind and declared size before
// anything is written, and returns the files (not folders) by name.
func checkEntries(files []*zip.File, lim Limits) (map[string]*zip.File, error) {
	if len(files) > lim.MaxFiles {
		return nil, engine.Errorf(engine.EINVALID, "the package has %d entries; at most %d are allowed", len(files), lim.MaxFiles)
	}
	byName := map[string]*zip.File{}
	folded := map[string]string{} // lowercased name → name, for case-insensitive file systems
	var total uint64
	for _, f := range files {
		if err := checkName(f.Name); err != nil {
			return nil, err
		}
		if err := checkKind(f); err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(f.Name, "/")
		if first, dup := folded[strings.ToLower(name)]; dup {
			return nil, refuse(f.Name, "the package already has an entry %q; names must differ in more than letter case", first)
		}
		folded[strings.ToLower(name)] = name
		if f.FileInfo().IsDir() {
			continue
		}
		total += f.UncompressedSize64
		if total > uint64(lim.MaxTotalBytes) {
			return nil, refuse(f.Name, "unpacking it would bring the package over %d bytes", lim.MaxTotalBytes)
		}
		if tooCompressed(f.UncompressedSize64, f.CompressedSize64, lim) {
			return nil, refuse(f.Name, "unpacks to %d bytes from %d: more than %d times its size, as a zip bomb does",
				f.UncompressedSize64, f.CompressedSize64, lim.MaxRatio)
		}
		byName[name] = f
	}
	return byName, checkFolders(byName)
}

// checkName refuses names that could land outside the folder unpacked
// into, or that no module file could have.
func checkName(name string) error {
	clean := strings.TrimSuffix(name, "/")
	switch {
	case clean == "":
		return refuse(name, "an empty name")
	case strings.HasPrefix(name, "/") || (len(name) > 1 && name[1] == ':') || strings.HasPrefix(name, `\\`):
		return refuse(name, "an absolute path; entries must be relative to the module folder")
	case strings.Contains(name, `\`):
		return refuse(name, "a backslash in the name; zip entries use / between folders")
	case strings.ContainsFunc(name, unicode.IsControl):
		return refuse(name, "a control character in the name")
	case slices.Contains(strings.Split(clean, "/"), ".."):
		return refuse(name, "path traversal (..): the entry would land outside the module folder")
	case !fs.ValidPath(clean):
		return refuse(name, "not a clean relative path (empty or . parts)")
	case hasDotPart(clean):
		return refuse(name, "a hidden file or folder; modules have none")
	}
	return nil
}

// checkKind allows regular files and folders only: a symlink could point
// anywhere once unpacked.
func checkKind(f *zip.File) error {
	mode := f.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		return refuse(f.Name, "a symbolic link; packages may hold only files and folders")
	case mode.IsDir(), mode.IsRegular():
		return nil
	}
	return refuse(f.Name, "a special file (%v); packages may hold only files and folders", mode.Type())
}

func tooCompressed(size, compressed uint64, lim Limits) bool {
	return size > ratioFloor && size > compressed*uint64(lim.MaxRatio)
}

// checkFolders refuses a name used both for a file and, by another entry,
// as a folder: one of them could not be unpacked.
func checkFolders(files map[string]*zip.File) error {
	lower := map[string]bool{}
	for name := range files {
		lower[strings.ToLower(name)] = true
	}
	for name := range files {
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if lower[strings.ToLower(dir)] {
				return refuse(name, "%q is a file in the package, so it cannot also be a folder", dir)
			}
		}
	}
	return nil
}
