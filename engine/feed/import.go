package feed

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"os"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// Installer installs the package at zipPath (module.Install, atomic) and
// returns the module installed.
type Installer func(ctx context.Context, zipPath string) (*learning.Module, error)

// Import takes version of moduleID from subscription id: it downloads
// the package, checks its size and SHA-256 against the feed and that its
// manifest is the module, version and license the feed offered, installs
// it, then records the import with its attribution and source (and the
// audit entry, "module.import"). Nothing is installed if a check fails.
func (s *Service) Import(ctx context.Context, actor string, id int64, moduleID, version string, install Installer) (*learning.Module, error) {
	sub, err := s.Store.Subscription(ctx, id)
	if err != nil {
		return nil, err
	}
	e, err := s.entry(ctx, sub, moduleID, version)
	if err != nil {
		return nil, err
	}
	path, err := s.download(ctx, e)
	if err != nil {
		return nil, err
	}
	defer os.Remove(path)
	if err := manifestMatches(path, e); err != nil {
		return nil, err
	}
	m, err := install(ctx, path)
	if err != nil {
		return nil, err
	}
	im := &Import{ModuleID: m.ID, Version: m.Version, SubscriptionID: sub.ID, FeedURL: sub.URL, PackageURL: e.PackageURL,
		SHA256: e.SHA256, License: m.License, Attribution: m.Attribution}
	audit := s.Admins.Entry(actor, "module.import", m.ID, map[string]string{"version": m.Version, "license": m.License,
		"attribution": m.Attribution, "feed": sub.URL, "package": e.PackageURL, "sha256": e.SHA256})
	im.ImportedAt = audit.At
	return m, s.Store.RecordImport(ctx, im, audit)
}

// download saves e's package to a file of its own, checked.
func (s *Service) download(ctx context.Context, e *Entry) (string, error) {
	f, err := os.CreateTemp("", "lode-feed-*.zip")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := s.Client.Download(ctx, e, f); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// manifestMatches refuses a package whose manifest is not what the feed
// offered: a feed must not be able to say CC-BY-4.0 of a module whose
// package says otherwise.
func manifestMatches(path string, e *Entry) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return engine.Errorf(engine.EINVALID, "the package of %s %s is not a zip file: %v", e.ModuleID, e.Version, err)
	}
	defer zr.Close()
	var mf module.Manifest
	for _, f := range zr.File {
		if f.Name != module.ManifestName {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return engine.Errorf(engine.EINVALID, "%s: %v", module.ManifestName, err)
		}
		defer rc.Close()
		if err := json.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&mf); err != nil {
			return engine.Errorf(engine.EINVALID, "%s: %v", module.ManifestName, err)
		}
	}
	got := mf.Module
	if got.ID != e.ModuleID || got.Version != e.Version || got.License != e.License {
		return engine.Errorf(engine.EINVALID, "the package is %s %s under %q, but the feed offered %s %s under %q: not imported",
			got.ID, got.Version, got.License, e.ModuleID, e.Version, e.License)
	}
	return nil
}
