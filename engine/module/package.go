package module

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk"
)

// A content package is one .zip holding a module folder (module.yaml, the
// Markdown it inlines, the media its objects name) and a manifest,
// ManifestName, that says what the module is, under which license, which
// content types it needs, and the SHA-256 of every other file. It is what
// `lode export` writes and `lode import` installs; docs/packages.md
// describes it.

// ManifestName is the manifest's name at the root of a package.
const ManifestName = "lode-package.json"

// PackageFormat is the version of the package layout this Lode writes and
// the only one it reads.
const PackageFormat = 1

// Manifest describes a package.
type Manifest struct {
	Format       int               `json:"format"`
	Module       ManifestModule    `json:"module"`
	ContentTypes []ContentTypeNeed `json:"content_types"`
	Files        []PackageFile     `json:"files"`
}

// ManifestModule says which module and version a package holds, and on
// which terms it may be shared.
type ManifestModule struct {
	ID          string `json:"id"`
	Version     string `json:"version"`
	Title       string `json:"title"`
	License     string `json:"license,omitempty"`     // SPDX license expression
	Attribution string `json:"attribution,omitempty"` // as the module states it
}

// ContentTypeNeed is a content type a package's objects use, and the
// version the exporting server had: an importing server needs the same
// major version, at least as new.
type ContentTypeNeed struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// PackageFile is one file of the module folder in a package.
type PackageFile struct {
	Path   string `json:"path"` // slash-separated, relative to the module folder
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // lowercase hex
}

// Describer tells what a content type is; the plugin host implements it.
// Errors are *engine.Error: ENOTFOUND when the type is not installed.
type Describer interface {
	Describe(ctx context.Context, name string) (*sdk.Description, error)
}

// Progress is told, as a long package operation goes, which file it is on
// and how many bytes of how many it has done. It may be nil.
type Progress func(file string, done, total int64)

func (p Progress) report(file string, done, total int64) {
	if p != nil {
		p(file, done, total)
	}
}

// CheckNeeds returns an EINVALID error naming every content type the
// manifest needs that d lacks or has in an older or incompatible version.
func (mf *Manifest) CheckNeeds(ctx context.Context, d Describer) error {
	var missing []string
	for _, need := range mf.ContentTypes {
		desc, err := d.Describe(ctx, need.Name)
		switch {
		case engine.ErrorCode(err) == engine.ENOTFOUND:
			missing = append(missing, fmt.Sprintf("content type %q (version %s) is not installed", need.Name, need.Version))
		case err != nil:
			return fmt.Errorf("content type %q: %w", need.Name, err)
		case !satisfies(desc.Version, need.Version):
			missing = append(missing, fmt.Sprintf("content type %q is version %s here; the package needs %s or a later %s.x",
				need.Name, desc.Version, need.Version, major(need.Version)))
		}
	}
	if len(missing) > 0 {
		return engine.Errorf(engine.EINVALID, "this server cannot run the package: %s", strings.Join(missing, "; "))
	}
	return nil
}

// satisfies reports whether version have can run content made for need:
// the same major version, and no older.
func satisfies(have, need string) bool {
	h, n := semverParts(have), semverParts(need)
	if h == nil || n == nil {
		return have == need
	}
	if h[0] != n[0] {
		return false
	}
	for i := 1; i < 3; i++ {
		if h[i] != n[i] {
			return h[i] > n[i]
		}
	}
	return true
}

// semverParts returns major, minor and patch, or nil if v is no semver.
func semverParts(v string) []int {
	m := semverRe.FindStringSubmatch(v)
	if m == nil {
		return nil
	}
	out := make([]int, 3)
	for i := range out {
		out[i], _ = strconv.Atoi(m[i+1])
	}
	return out
}

func major(v string) string {
	if p := semverParts(v); p != nil {
		return strconv.Itoa(p[0])
	}
	return v
}
