package admin

import (
	"cmp"
	"net/http"
	"slices"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// publication keeps the unpublished modules out of the catalog. It lives
// in this process: a restart, or a reload by serve --watch, publishes
// every module on disk again (see docs/ADMIN.md).
type publication struct {
	mu     sync.Mutex
	hidden map[string]*learning.Module
}

type moduleRow struct {
	*learning.Module
	Published bool
}

func (s *Server) handleModules(c echo.Context) error {
	return s.modulesPage(c, http.StatusOK, signedIn(c, "Modules"))
}

func (s *Server) modulesPage(c echo.Context, status int, d pageData) error {
	for _, m := range s.Catalog.Modules() {
		d.Modules = append(d.Modules, moduleRow{Module: m, Published: true})
	}
	s.published.mu.Lock()
	for _, m := range s.published.hidden {
		d.Modules = append(d.Modules, moduleRow{Module: m})
	}
	s.published.mu.Unlock()
	slices.SortFunc(d.Modules, func(a, b moduleRow) int { return cmp.Compare(a.ID, b.ID) })
	return s.render(c, status, "modules", d)
}

// handleUnpublish takes a module out of the catalog: new learners cannot
// start it. Registrations stay in the database, untouched.
func (s *Server) handleUnpublish(c echo.Context) error {
	id := c.Param("id")
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	m, err := s.Catalog.Module(id)
	if err != nil {
		return err
	}
	rest := slices.DeleteFunc(s.Catalog.Modules(), func(o *learning.Module) bool { return o.ID == id })
	s.Catalog.Swap(rest)
	s.published.hidden[id] = m
	return s.audited(c, "module.unpublish", id, map[string]string{"version": m.Version})
}

func (s *Server) handlePublish(c echo.Context) error {
	id := c.Param("id")
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	m, ok := s.published.hidden[id]
	if !ok {
		return engine.Errorf(engine.ENOTFOUND, "module %q is not unpublished", id)
	}
	s.Catalog.Replace(m)
	delete(s.published.hidden, id)
	return s.audited(c, "module.publish", id, map[string]string{"version": m.Version})
}

// audited records a change kept outside the database and goes back to the
// page it was made on.
func (s *Server) audited(c echo.Context, action, target string, details map[string]string) error {
	if err := s.Admins.Audit(c.Request().Context(), session(c).Email, action, target, details); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin")
}
