package web

import (
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/module"
)

// mediaCache lets browsers keep module media for an hour: the names are
// not content-hashed, so a corrected file must show up the same day, and
// Last-Modified makes revalidation after that cheap.
const mediaCache = "public, max-age=3600"

// mediaCSP is the policy of module files opened directly.
const mediaCSP = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; font-src 'self'"

// handleMedia serves GET /modules/:id/media/*: a module's packaged files.
// http.ServeContent answers Range requests, which video seeking needs.
func (s *Server) handleMedia(c echo.Context) error {
	m, err := s.Delivery.Modules.Module(c.Param("id"))
	if err != nil {
		return err
	}
	rel := c.Param("*")
	if c.Request().URL.RawPath != "" {
		// The router matched the escaped path; the file system wants names.
		if rel, err = url.PathUnescape(rel); err != nil {
			return engine.FieldError("path", "%q is not a valid path", c.Param("*"))
		}
	}
	file, err := s.Media(m, rel)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no file %q", m.ID, rel)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.IsDir() {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no file %q", m.ID, rel)
	}
	h := c.Response().Header()
	ct, ok := module.MediaType(rel)
	if !ok {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no file %q", m.ID, rel)
	}
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", mediaCache)
	// A module file opened on its own (an SVG, a PDF) is a document of
	// this origin: sandboxed, with nothing allowed to run or load, it
	// cannot act as the learner. Shown in a page, it is unaffected.
	h.Set("Content-Security-Policy", mediaCSP)
	http.ServeContent(c.Response(), c.Request(), info.Name(), info.ModTime(), f)
	return nil
}
