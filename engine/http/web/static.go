package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/module"
)

//go:embed static
var staticFS embed.FS

// immutable is the caching of content-hashed files: their URL changes
// whenever their content does, so browsers may keep them for a year.
const immutable = "public, max-age=31536000, immutable"

// staticAsset is one of the engine's own files, served under a hashed name.
type staticAsset struct {
	data        []byte
	encoded     encoded // data compressed at start
	contentType string
}

// staticAssets maps names (lode.css) to hashed names (lode.1a2b3c4d.css)
// and hashed names to files. Built once at start.
type staticAssets struct {
	urls  map[string]string
	files map[string]staticAsset
}

func loadStatic() (*staticAssets, error) {
	a := &staticAssets{urls: map[string]string{}, files: map[string]staticAsset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		hashed := hashedName(name, contentHash(data))
		a.urls[name] = "/assets/" + hashed
		ct := typeByName(name)
		a.files[hashed] = staticAsset{data: data, encoded: precompress(ct, data), contentType: ct}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("http: loading static assets: %w", err)
	}
	return a, nil
}

// url returns the hashed URL of a static file; templates call it as
// {{asset "lode.css"}}. An unknown name is a bug in a template.
func (a *staticAssets) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return u, nil
}

func (s *Server) handleStaticAsset(c echo.Context) error {
	f, ok := s.static.files[c.Param("name")]
	if !ok {
		return engine.Errorf(engine.ENOTFOUND, "there is no asset %q", c.Param("name"))
	}
	return serveImmutable(c, f.contentType, f.data, f.encoded)
}

// serveImmutable answers with a content-hashed file, compressed when
// there is a compressed copy the client takes; http.ServeContent handles
// conditional and range requests.
func serveImmutable(c echo.Context, contentType string, data []byte, enc encoded) error {
	h := c.Response().Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", immutable)
	etag := `"` + contentHash(data)
	if enc.br != nil || enc.gzip != nil {
		h.Add("Vary", "Accept-Encoding")
		if coding, body := enc.pick(c.Request()); coding != "" {
			// Each encoding is its own representation, with its own tag.
			h.Set("Content-Encoding", coding)
			data, etag = body, etag+"-"+strings.TrimSuffix(coding, "ip") // -br, -gz
		}
	}
	h.Set("ETag", etag+`"`)
	http.ServeContent(c.Response(), c.Request(), "", time.Time{}, bytes.NewReader(data))
	return nil
}

// contentHash is the first 8 hex digits of the SHA-256 of data: short in a
// URL, and two versions of one file colliding is a one-in-four-billion event.
func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:4])
}

// hashedName puts hash before the extension: lode.css → lode.HASH.css.
func hashedName(name, hash string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// typeByName is the Content-Type of a static or plugin asset by its
// extension: the media kinds modules carry (module.MediaType), the code and
// text Lode's own and content types' assets add, then the system's table.
func typeByName(name string) string {
	if t, ok := module.MediaType(name); ok {
		return t
	}
	ext := strings.ToLower(path.Ext(name))
	if t, ok := assetTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// assetTypes are the asset kinds that are not module media.
var assetTypes = map[string]string{
	".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".txt": "text/plain; charset=utf-8", ".json": "application/json",
}
