// Package share serves a site's open modules to other Lode sites: the
// Atom feed at /feed.atom (engine/feed) and each listed module's package
// at /packages/ID/VERSION.zip. Both are public, as a feed is: only
// published modules under an open license (spdx.IsOpen) appear, and any
// other package is 404.
package share

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/feed"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/spdx"
)

// Exporter writes m as a package (module.Export): the same bytes for the
// same files, so that a package's SHA-256 is stable.
type Exporter func(ctx context.Context, m *learning.Module, w io.Writer) error

// Server serves the feed and the packages. Set its fields before
// Register; Log may be nil.
type Server struct {
	Modules  learning.Modules // the published modules: the catalog
	Export   Exporter
	BaseURL  string // the site's public URL: the feed's links are absolute
	SiteName string
	Log      *slog.Logger

	mu       sync.Mutex
	packages map[*learning.Module]*exported
}

// exported is a module's package, kept while the module is served: a
// reload of the catalog makes new modules, and the old ones are dropped.
type exported struct {
	data    []byte
	sha256  string
	updated time.Time
}

// FeedPath is where the feed is served; catalog pages link to it.
const FeedPath = "/feed.atom"

// Register adds the routes.
func (s *Server) Register(e *echo.Echo) error {
	if s.Modules == nil || s.Export == nil || s.BaseURL == "" {
		return errors.New("share: Modules, Export and BaseURL must be set")
	}
	s.packages = map[*learning.Module]*exported{}
	// HEAD too: feed readers and link checkers ask it, and ServeContent
	// answers it with the headers alone.
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		e.Add(method, FeedPath, s.handleFeed)
		e.Add(method, "/packages/:id/:file", s.handlePackage)
	}
	return nil
}

// handleFeed serves the feed, with an ETag of its bytes and the time of
// its newest entry, so that a subscriber that polls gets 304 until
// something changes.
func (s *Server) handleFeed(c echo.Context) error {
	f := s.feed(c.Request().Context())
	var buf bytes.Buffer
	if err := feed.Write(&buf, f, s.SiteName); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	h := c.Response().Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	http.ServeContent(c.Response(), c.Request(), "feed.atom", f.Updated, bytes.NewReader(buf.Bytes()))
	return nil
}

// feed lists the open modules served now, each with its package's size
// and SHA-256; a module that cannot be exported is left out and logged.
func (s *Server) feed(ctx context.Context) *feed.Feed {
	base := strings.TrimSuffix(s.BaseURL, "/")
	f := &feed.Feed{ID: base + FeedPath, Title: s.SiteName + ": open modules"}
	mods := s.Modules.Modules()
	for _, m := range mods {
		if !spdx.IsOpen(m.License) {
			continue
		}
		p, err := s.exported(ctx, m)
		if err != nil {
			s.log().Warn("a module is left out of the feed: it cannot be exported", "module", m.ID, "err", err)
			continue
		}
		f.Entries = append(f.Entries, feed.Entry{ID: base + "/modules/" + m.ID + "#version-" + m.Version, ModuleID: m.ID,
			Version: m.Version, Title: m.Title, Summary: m.Description, License: m.License, Attribution: m.Attribution,
			Updated: p.updated, ModuleURL: base + "/modules/" + m.ID, PackageURL: base + packagePath(m),
			Length: int64(len(p.data)), SHA256: p.sha256})
		if p.updated.After(f.Updated) {
			f.Updated = p.updated
		}
	}
	s.forget(mods)
	return f
}

func packagePath(m *learning.Module) string { return "/packages/" + m.ID + "/" + m.Version + ".zip" }

// handlePackage serves the package of a module the feed lists; 404 for
// any other, whether absent, unpublished, of another version or not
// openly licensed.
func (s *Server) handlePackage(c echo.Context) error {
	id, file := c.Param("id"), c.Param("file")
	m, err := s.Modules.Module(id)
	if err != nil || m.Version+".zip" != file || !spdx.IsOpen(m.License) {
		return engine.Errorf(engine.ENOTFOUND, "no openly licensed module %s is published in version %s", id, strings.TrimSuffix(file, ".zip"))
	}
	p, err := s.exported(c.Request().Context(), m)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="`+m.ID+"-"+m.Version+`.zip"`)
	h.Set("ETag", `"`+p.sha256+`"`)
	h.Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(c.Response(), c.Request(), file, p.updated, bytes.NewReader(p.data))
	return nil
}

// exported returns m's package, exporting it the first time. One export
// at a time: a feed read by many subscribers at once exports each module
// once.
func (s *Server) exported(ctx context.Context, m *learning.Module) (*exported, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.packages[m]; ok {
		return p, nil
	}
	var buf bytes.Buffer
	if err := s.Export(ctx, m, &buf); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	p := &exported{data: buf.Bytes(), sha256: hex.EncodeToString(sum[:]), updated: modified(m)}
	s.packages[m] = p
	return p, nil
}

// forget drops the packages of modules no longer served.
func (s *Server) forget(served []*learning.Module) {
	keep := map[*learning.Module]bool{}
	for _, m := range served {
		keep[m] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for m := range s.packages {
		if !keep[m] {
			delete(s.packages, m)
		}
	}
}

// modified is when m's module.yaml last changed, the entry's "updated";
// the Unix epoch if it cannot be read.
func modified(m *learning.Module) time.Time {
	fi, err := os.Stat(filepath.Join(m.Dir, "module.yaml"))
	if err != nil {
		return time.Unix(0, 0).UTC()
	}
	return fi.ModTime().UTC().Truncate(time.Second)
}

func (s *Server) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
