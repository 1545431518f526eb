package module

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"

	"github.com/lode-elearning/lode/engine"
)

// maxManifestBytes bounds the manifest, which is read whole.
const maxManifestBytes = 4 << 20

// Unpack checks the package at zipPath and writes its module folder into
// dir, an empty folder. Before writing anything it refuses entries that
// are not plain relative files and folders (path traversal, absolute
// paths, symlinks), duplicate names (also when they differ only in case),
// too many entries, and sizes or compression ratios beyond lim; then a
// missing or malformed manifest, and a manifest that does not list exactly
// the package's files. While writing, it refuses a file whose size or
// SHA-256 differs from the manifest's. Every refusal is an EINVALID
// *engine.Error naming the entry; the caller removes dir.
//
// Unpack does not check the module itself: Load does that.
func Unpack(ctx context.Context, zipPath, dir string, lim Limits, progress Progress) (*Manifest, error) {
	zr, err := zip.OpenReader(zipPath)
	// With GODEBUG=zipinsecurepath=0 the reader comes with ErrInsecurePath:
	// checkEntries then says which entry is wrong and why.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, engine.Errorf(engine.EINVALID, "%s is not a readable zip file (%v)", zipPath, err)
	}
	defer zr.Close()
	files, err := checkEntries(zr.File, lim)
	if err != nil {
		return nil, err
	}
	mf, err := readManifest(files)
	if err != nil {
		return nil, err
	}
	if err := matchManifest(mf, files); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var done, total int64
	for _, f := range mf.Files {
		total += f.Size
	}
	for _, want := range mf.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := unpackFile(root, files[want.Path], want, lim); err != nil {
			return nil, err
		}
		done += want.Size
		progress.report(want.Path, done, total)
	}
	return mf, nil
}

// readManifest decodes the manifest strictly: a field this Lode does not
// know could be a promise it would silently break.
func readManifest(files map[string]*zip.File) (*Manifest, error) {
	f, ok := files[ManifestName]
	if !ok {
		return nil, engine.Errorf(engine.EINVALID, "the package has no %s; it was not made by lode export", ManifestName)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, refuse(ManifestName, "cannot be read (%v)", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxManifestBytes+1))
	switch {
	case err != nil:
		return nil, refuse(ManifestName, "cannot be read (%v)", err)
	case len(data) > maxManifestBytes:
		return nil, refuse(ManifestName, "is larger than %d bytes", maxManifestBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var mf Manifest
	if err := dec.Decode(&mf); err != nil {
		return nil, refuse(ManifestName, "is not a valid manifest (%v)", err)
	}
	if mf.Format != PackageFormat {
		return nil, refuse(ManifestName, "is package format %d; this Lode reads format %d", mf.Format, PackageFormat)
	}
	return &mf, nil
}

// matchManifest refuses a manifest that does not list exactly the files
// of the package, with their sizes: a package is checked against it.
func matchManifest(mf *Manifest, files map[string]*zip.File) error {
	listed := map[string]bool{}
	for _, want := range mf.Files {
		f, ok := files[want.Path]
		switch {
		case want.Path == ManifestName || listed[want.Path]:
			return refuse(want.Path, "is listed twice in %s", ManifestName)
		case !ok:
			return refuse(want.Path, "is listed in %s but not in the package", ManifestName)
		case f.UncompressedSize64 != uint64(want.Size):
			return refuse(want.Path, "is %d bytes; %s says %d", f.UncompressedSize64, ManifestName, want.Size)
		case len(want.SHA256) != sha256.Size*2:
			return refuse(want.Path, "has no SHA-256 in %s", ManifestName)
		}
		listed[want.Path] = true
	}
	for name := range files {
		if name != ManifestName && !listed[name] {
			return refuse(name, "is in the package but not listed in %s", ManifestName)
		}
	}
	if !listed[FileName] {
		return refuse(FileName, "is missing; a package holds one module")
	}
	return nil
}

// unpackFile writes one entry, counting and hashing the bytes as they come
// rather than trusting the sizes the zip declares.
func unpackFile(root *os.Root, f *zip.File, want PackageFile, lim Limits) error {
	rel := filepath.FromSlash(want.Path)
	if dir := path.Dir(want.Path); dir != "." {
		if err := root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
			return refuse(f.Name, "cannot create its folder (%v)", cause(err))
		}
	}
	rc, err := f.Open()
	if err != nil {
		return refuse(f.Name, "cannot be read (%v)", err)
	}
	defer rc.Close()
	out, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return refuse(f.Name, "cannot be written (%v)", cause(err))
	}
	defer out.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), io.LimitReader(rc, want.Size+1))
	switch {
	case errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrFormat):
		return refuse(f.Name, "is corrupt (%v)", err)
	case err != nil:
		return refuse(f.Name, "cannot be unpacked (%v)", err)
	case n != want.Size:
		return refuse(f.Name, "unpacks to more or fewer bytes than the %d declared", want.Size)
	case tooCompressed(uint64(n), f.CompressedSize64, lim):
		return refuse(f.Name, "unpacks to %d bytes from %d, as a zip bomb does", n, f.CompressedSize64)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want.SHA256 {
		return refuse(f.Name, "checksum mismatch: its SHA-256 is %s, %s says %s", got, ManifestName, want.SHA256)
	}
	return out.Close()
}
