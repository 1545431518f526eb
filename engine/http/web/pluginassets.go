package web

import (
	"context"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// pluginAsset is a file a content type ships, cached under its hash.
type pluginAsset struct {
	contentType string
	data        []byte
	url         string // /assets/plugins/TYPE/NAME.HASH.EXT
}

// kind says how a page includes the asset: "style", "script" or "" (the
// plugin's HTML refers to it some other way).
func (a *pluginAsset) kind() string {
	switch t := a.contentType; {
	case strings.HasPrefix(t, "text/css"):
		return "style"
	case strings.Contains(t, "javascript"), strings.Contains(t, "ecmascript"):
		return "script"
	}
	return ""
}

// pluginAssets caches plugin files in memory: fetched from the plugin once
// per plugin version, then served from here. Entries are never evicted;
// plugins ship a handful of small files, and keeping old versions lets a
// page rendered just before an upgrade still load its assets.
type pluginAssets struct {
	mu      sync.RWMutex
	byName  map[string]*pluginAsset // TYPE@VERSION/NAME
	byHash  map[string]*pluginAsset // TYPE/HASHED-NAME
	fetchMu sync.Mutex              // one fetch at a time: plugins are small, pages many
}

func newPluginAssets() *pluginAssets {
	return &pluginAssets{byName: map[string]*pluginAsset{}, byHash: map[string]*pluginAsset{}}
}

// pluginAsset returns a content type's file, fetching it on first use of
// the plugin's current version.
func (s *Server) pluginAsset(ctx context.Context, contentType, name string) (*pluginAsset, error) {
	desc, err := s.Plugins.Describe(ctx, contentType)
	if err != nil {
		return nil, err
	}
	key := contentType + "@" + desc.Version + "/" + name
	c := s.plugins
	c.mu.RLock()
	a, ok := c.byName[key]
	c.mu.RUnlock()
	if ok {
		return a, nil
	}
	c.fetchMu.Lock()
	defer c.fetchMu.Unlock()
	c.mu.RLock()
	a, ok = c.byName[key]
	c.mu.RUnlock()
	if ok {
		return a, nil // fetched while this call waited
	}
	f, err := s.Plugins.Asset(ctx, contentType, name)
	if err != nil {
		return nil, err
	}
	ct := f.ContentType
	if ct == "" {
		ct = typeByName(name)
	}
	hashed := hashedName(name, contentHash(f.Data))
	a = &pluginAsset{contentType: ct, data: f.Data,
		url: "/assets/plugins/" + url.PathEscape(contentType) + "/" + url.PathEscape(hashed)}
	c.mu.Lock()
	c.byName[key] = a
	c.byHash[contentType+"/"+hashed] = a
	c.mu.Unlock()
	return a, nil
}

// pluginAssetsFor returns the assets a rendered fragment lists.
func (s *Server) pluginAssetsFor(ctx context.Context, contentType string, names []string) ([]*pluginAsset, error) {
	out := make([]*pluginAsset, 0, len(names))
	for _, n := range names {
		a, err := s.pluginAsset(ctx, contentType, n)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// handlePluginAsset serves /assets/plugins/TYPE/NAME.HASH.EXT. On a miss
// (the server restarted, or the plugin was upgraded) it asks the plugin
// again, and serves the file only if its hash is still the one asked for:
// an immutable URL must never name different content.
func (s *Server) handlePluginAsset(c echo.Context) error {
	ctype, hashed := c.Param("type"), c.Param("name")
	if c.Request().URL.RawPath != "" {
		// The router matched the escaped path (an asset in a subfolder has
		// its slash escaped in the URL); the cache holds names.
		var err error
		if hashed, err = url.PathUnescape(hashed); err != nil {
			return engine.FieldError("path", "%q is not a valid asset name", c.Param("name"))
		}
	}
	s.plugins.mu.RLock()
	a, ok := s.plugins.byHash[ctype+"/"+hashed]
	s.plugins.mu.RUnlock()
	if !ok {
		var err error
		if a, err = s.refetchPluginAsset(c.Request().Context(), ctype, hashed); err != nil {
			return err
		}
	}
	return serveImmutable(c, a.contentType, a.data, encoded{})
}

func (s *Server) refetchPluginAsset(ctx context.Context, ctype, hashed string) (*pluginAsset, error) {
	notFound := engine.Errorf(engine.ENOTFOUND, "the %s content type has no asset %q", ctype, hashed)
	desc, err := s.Plugins.Describe(ctx, ctype)
	if err != nil {
		return nil, err
	}
	for _, info := range desc.Assets {
		if !hashedFrom(info.Name, hashed) {
			continue
		}
		a, err := s.pluginAsset(ctx, ctype, info.Name)
		if err != nil {
			return nil, err
		}
		if !strings.HasSuffix(a.url, "/"+url.PathEscape(hashed)) {
			return nil, notFound // an older or newer version than the plugin's
		}
		return a, nil
	}
	return nil, notFound
}

// hashedFrom reports whether hashed has the shape hashedName gives name.
func hashedFrom(name, hashed string) bool {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	const hashLen = 8
	return len(hashed) == len(stem)+1+hashLen+len(ext) &&
		strings.HasPrefix(hashed, stem+".") && strings.HasSuffix(hashed, ext)
}
