package module

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"gopkg.in/yaml.v3"
)

// Export writes m, as loaded from m.Dir, to w as a package: module.yaml,
// the files it inlines with !file, the media its objects name, and the
// manifest. d says which version of each content type the module uses.
// Only a module that loaded without errors should be exported: Export
// reads its files again and fails if one has gone.
func Export(ctx context.Context, m *learning.Module, d Describer, w io.Writer, progress Progress) (*Manifest, error) {
	root, err := os.OpenRoot(m.Dir)
	if err != nil {
		return nil, fmt.Errorf("open the module folder: %w", err)
	}
	defer root.Close()
	mf := &Manifest{Format: PackageFormat, Module: ManifestModule{ID: m.ID, Version: m.Version, Title: m.Title, License: m.License}}
	if mf.ContentTypes, err = contentTypeNeeds(ctx, m, d); err != nil {
		return nil, err
	}
	names, attribution, err := packageFileNames(root, m)
	if err != nil {
		return nil, err
	}
	mf.Module.Attribution = attribution
	zw := zip.NewWriter(w)
	total := sizeOf(root, names)
	var done int64
	for _, name := range names {
		f, err := addFile(zw, root, name)
		if err != nil {
			return nil, err
		}
		mf.Files = append(mf.Files, f)
		done += f.Size
		progress.report(name, done, total)
	}
	if err := writeManifest(zw, mf); err != nil {
		return nil, err
	}
	return mf, zw.Close()
}

// contentTypeNeeds lists the content types m's objects use, with the
// version installed here.
func contentTypeNeeds(ctx context.Context, m *learning.Module, d Describer) ([]ContentTypeNeed, error) {
	var needs []ContentTypeNeed
	for _, o := range m.Objects {
		if slices.ContainsFunc(needs, func(n ContentTypeNeed) bool { return n.Name == o.Type }) {
			continue
		}
		desc, err := d.Describe(ctx, o.Type)
		if err != nil {
			return nil, fmt.Errorf("content type %q of object %q: %w", o.Type, o.ID, err)
		}
		needs = append(needs, ContentTypeNeed{Name: o.Type, Version: desc.Version})
	}
	slices.SortFunc(needs, func(a, b ContentTypeNeed) int { return strings.Compare(a.Name, b.Name) })
	return needs, nil
}

// packageFileNames returns module.yaml, the files it inlines and the media
// the module serves, sorted; and the module's attribution, if it has one.
func packageFileNames(root *os.Root, m *learning.Module) ([]string, string, error) {
	data, err := readLocal(root, FileName)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", FileName, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(data), &doc); err != nil {
		return nil, "", fmt.Errorf("%s: %w", FileName, err)
	}
	names := append([]string{FileName}, m.Files...)
	attribution := ""
	walkYAML(&doc, func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.ShortTag() == fileTag {
			names = append(names, path.Clean(filepath.ToSlash(n.Value)))
		}
	})
	if top := doc.Content; len(top) == 1 && top[0].Kind == yaml.MappingNode {
		for i := 0; i+1 < len(top[0].Content); i += 2 {
			if top[0].Content[i].Value == "attribution" && top[0].Content[i+1].Kind == yaml.ScalarNode {
				attribution = top[0].Content[i+1].Value
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names), attribution, nil
}

// walkYAML calls f on n and every node below it, once each.
func walkYAML(n *yaml.Node, f func(*yaml.Node)) {
	f(n)
	for _, c := range n.Content {
		walkYAML(c, f)
	}
}

// sizeOf adds up the sizes of the named files, for progress.
func sizeOf(root *os.Root, names []string) int64 {
	var total int64
	for _, n := range names {
		if fi, err := root.Stat(filepath.FromSlash(n)); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// addFile copies one file of the module folder into the zip, hashing it
// on the way.
func addFile(zw *zip.Writer, root *os.Root, name string) (PackageFile, error) {
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return PackageFile{}, fmt.Errorf("%s: %v", name, cause(err))
	}
	defer f.Close()
	out, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return PackageFile{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), f)
	if err != nil {
		return PackageFile{}, fmt.Errorf("%s: %w", name, err)
	}
	return PackageFile{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func writeManifest(zw *zip.Writer, mf *Manifest) error {
	out, err := zw.CreateHeader(&zip.FileHeader{Name: ManifestName, Method: zip.Deflate})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(mf); err != nil {
		return engine.Errorf(engine.EINTERNAL, "encode the manifest: %v", err)
	}
	return nil
}
