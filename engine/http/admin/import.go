package admin

import (
	"context"
	"io"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// Installer installs the package at zipPath (module.Install) and returns
// the module loaded from its new home, with any warnings.
type Installer func(ctx context.Context, zipPath string) (*learning.Module, []module.Problem, error)

// handleImport installs an uploaded package. The new version is served at
// once if its module is published, or becomes the version a later
// publish serves if it is not; a module new to the site is published.
// Learners midway keep the version they started (their registration
// records it).
func (s *Server) handleImport(c echo.Context) error {
	path, err := s.receive(c)
	if err != nil {
		return s.importFailed(c, err, nil)
	}
	defer os.Remove(path)
	m, problems, err := s.Install(c.Request().Context(), path)
	if err != nil {
		return s.importFailed(c, err, problems)
	}
	s.serveInstalled(m)
	return s.audited(c, "module.import", m.ID, map[string]string{"version": m.Version, "license": m.License})
}

// serveInstalled serves a module just installed: at once if its module
// is published, or as the version a later publish serves if it is not.
func (s *Server) serveInstalled(m *learning.Module) {
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	if _, hidden := s.published.hidden[m.ID]; hidden {
		s.published.hidden[m.ID] = m
	} else {
		s.Catalog.Replace(m)
	}
}

// receive saves the upload, which readForm read within MaxUploadBytes,
// to a file of its own.
func (s *Server) receive(c echo.Context) (string, error) {
	fh, err := c.FormFile("package")
	if err != nil {
		return "", engine.FieldError("package", "choose a .zip file made by lode export")
	}
	src, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer src.Close()
	dst, err := os.CreateTemp("", "lode-upload-*.zip")
	if err != nil {
		return "", err
	}
	defer dst.Close()
	if _, err := io.Copy(dst, src); err != nil {
		os.Remove(dst.Name())
		return "", err
	}
	return dst.Name(), nil
}

// importFailed shows the modules page with what was wrong: the error names
// the entry or file, and the problems say where in the module.
func (s *Server) importFailed(c echo.Context, err error, problems []module.Problem) error {
	code := engine.ErrorCode(err)
	if code == engine.EINTERNAL || code == engine.EUNAVAILABLE {
		return err
	}
	d := signedIn(c, "Modules")
	d.Error, d.Problems = "The package was not imported: "+engine.ErrorMessage(err), problems
	return s.modulesPage(c, statusOf(code), d)
}

func statusOf(code string) int {
	switch code {
	case engine.ECONFLICT:
		return http.StatusConflict
	}
	return http.StatusBadRequest
}
