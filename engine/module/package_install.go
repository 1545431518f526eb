package module

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// VersionsDir is the folder of the content directory that keeps every
// installed version of every imported module, as VersionsDir/ID/VERSION.
// Those folders are never changed once written, so a module version is
// found there for as long as learners may be midway through it. LoadAll
// skips it as it skips every dot folder; the module served as current is
// ID, a symlink to one of them.
const VersionsDir = ".versions"

// VersionDir returns the folder that holds version of module id in
// contentDir, whether or not it is installed.
func VersionDir(contentDir, id, version string) string {
	return filepath.Join(contentDir, VersionsDir, id, version)
}

// OpenPackage unpacks the package at zipPath into dir and checks it as
// `lode check` checks a folder (v, nil to skip content type checks), that
// d has the content types it needs, and that its manifest tells the truth
// about the module. It returns the module, or nil, and the problems found,
// or an error when the package itself is refused. Problems name files as
// zipPath/module.yaml.
func OpenPackage(ctx context.Context, zipPath, dir string, v Validator, d Describer, lim Limits, progress Progress) (*learning.Module, *Manifest, []Problem, error) {
	mf, err := Unpack(ctx, zipPath, dir, lim, progress)
	if err != nil {
		return nil, nil, nil, err
	}
	if d != nil {
		if err := mf.CheckNeeds(ctx, d); err != nil {
			return nil, mf, nil, err
		}
	}
	m, problems := Load(ctx, dir, v)
	for i := range problems {
		if rel, err := filepath.Rel(dir, problems[i].File); err == nil && filepath.IsLocal(rel) {
			problems[i].File = filepath.Join(zipPath, rel)
		}
	}
	if m == nil {
		return nil, mf, problems, nil
	}
	return m, mf, problems, mf.describes(m)
}

// describes refuses a manifest that says something else than the module
// it came with.
func (mf *Manifest) describes(m *learning.Module) error {
	lie := func(field, manifest, module string) error {
		return refuse(ManifestName, "says %s %q, but module.yaml says %q", field, manifest, module)
	}
	switch mm := mf.Module; {
	case mm.ID != m.ID:
		return lie("id", mm.ID, m.ID)
	case mm.Version != m.Version:
		return lie("version", mm.Version, m.Version)
	case mm.Title != m.Title:
		return lie("title", mm.Title, m.Title)
	case mm.License != m.License:
		return lie("license", mm.License, m.License)
	}
	for _, o := range m.Objects {
		if !mf.needs(o.Type) {
			return refuse(ManifestName, "does not list content type %q, which object %q uses", o.Type, o.ID)
		}
	}
	return nil
}

func (mf *Manifest) needs(contentType string) bool {
	for _, n := range mf.ContentTypes {
		if n.Name == contentType {
			return true
		}
	}
	return false
}

// Install imports the package at zipPath into contentDir: it unpacks it
// into a folder beside the content (so nothing is half-imported: a refused
// package leaves nothing behind), checks it as OpenPackage does, moves it
// to VersionDir and points contentDir/ID at it. A module folder written by
// hand at contentDir/ID is kept as a version first. Installing a version
// that is already there is an ECONFLICT error. Problems that are only
// warnings come back with the module.
func Install(ctx context.Context, contentDir, zipPath string, v Validator, d Describer, lim Limits, progress Progress) (*learning.Module, []Problem, error) {
	tmp, err := os.MkdirTemp(contentDir, ".import-")
	if err != nil {
		return nil, nil, fmt.Errorf("content_dir (LODE_CONTENT_DIR): %w", err)
	}
	defer os.RemoveAll(tmp) // renamed away on success
	m, _, problems, err := OpenPackage(ctx, zipPath, tmp, v, d, lim, progress)
	switch {
	case err != nil:
		return nil, problems, err
	case m == nil:
		return nil, problems, engine.Errorf(engine.EINVALID, "%s: the module has problems (%d); nothing was imported", zipPath, len(problems))
	}
	target := VersionDir(contentDir, m.ID, m.Version)
	if _, err := os.Lstat(target); err == nil {
		return nil, problems, engine.Errorf(engine.ECONFLICT, "version %s of module %q is already installed (%s); give the new one a higher version", m.Version, m.ID, target)
	}
	if err := otherFolderHas(ctx, contentDir, m.ID); err != nil {
		return nil, problems, err
	}
	if err := keepHandWritten(ctx, contentDir, m.ID); err != nil {
		return nil, problems, err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return nil, problems, err
	}
	if err := os.Rename(tmp, target); err != nil {
		return nil, problems, err
	}
	return m, problems, pointAt(contentDir, m.ID, m.Version)
}

// pointAt makes contentDir/ID a symlink to that version, replacing the
// previous link in one rename: a reader sees the old version or the new,
// never neither.
func pointAt(contentDir, id, version string) error {
	link := filepath.Join(contentDir, id)
	tmp := link + ".link-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := os.Symlink(filepath.Join(VersionsDir, id, version), tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, link); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// keepHandWritten moves a module folder that is not a link (an author's
// own, not imported) into VersionsDir under its version, so installing
// over it keeps it.
func keepHandWritten(ctx context.Context, contentDir, id string) error {
	current := filepath.Join(contentDir, id)
	fi, err := os.Lstat(current)
	switch {
	case errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Mode()&fs.ModeSymlink != 0):
		return nil
	case err != nil:
		return err
	case !fi.IsDir():
		return engine.Errorf(engine.ECONFLICT, "%s is a file, not a module folder; move it away to import %q", current, id)
	}
	m, _ := Load(ctx, current, nil)
	version := "unversioned"
	if m != nil && m.ID == id {
		version = m.Version
	}
	target := VersionDir(contentDir, id, version)
	if _, err := os.Lstat(target); err == nil {
		target += "-replaced-" + strings.ReplaceAll(time.Now().UTC().Format(time.RFC3339), ":", "")
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.Rename(current, target)
}

// otherFolderHas refuses to install module id when a folder of another
// name already holds it: LoadAll would serve only one of the two.
func otherFolderHas(ctx context.Context, contentDir, id string) error {
	mods, _ := LoadAll(ctx, contentDir, nil)
	for _, m := range mods {
		if m.ID == id && filepath.Base(m.Dir) != id {
			return engine.Errorf(engine.ECONFLICT, "module %q is already in %s; rename that folder to %s to import new versions over it",
				id, m.Dir, id)
		}
	}
	return nil
}
