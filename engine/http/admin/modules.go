package admin

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

// publication is which modules are unpublished, with the module each
// would serve if published again. The database keeps the ids
// (unpublished_modules), so a restart keeps them out (Restore); a reload
// by serve --watch keeps them out too (Published).
type publication struct {
	mu     sync.Mutex
	hidden map[string]*learning.Module
}

// Restore applies what the database keeps of the admin area's changes:
// the modules unpublished leave the catalog, and the embed allow-list set
// here replaces the configuration's. Call it once, after Register, before
// serving.
func (s *Server) Restore(ctx context.Context) error {
	last, err := s.Admins.Store.LastChange(ctx) // before reading: Sync redoes anything newer
	if err != nil {
		return err
	}
	if err := s.applyEmbedSetting(ctx); err != nil {
		return err
	}
	ids, err := s.Admins.Store.UnpublishedModules(ctx)
	if err != nil {
		return err
	}
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	for _, id := range ids {
		if m, err := s.Catalog.Module(id); err == nil {
			s.hide(m)
		}
	}
	s.seen.Store(last)
	return nil
}

// Published returns the modules of mods to serve: those not unpublished.
// An unpublished module's newly loaded version replaces the one kept, so
// that publishing it again serves what is on disk. serve --watch calls it
// on every reload.
func (s *Server) Published(mods []*learning.Module) []*learning.Module {
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	return slices.DeleteFunc(slices.Clone(mods), func(m *learning.Module) bool {
		if _, hidden := s.published.hidden[m.ID]; hidden {
			s.published.hidden[m.ID] = m
			return true
		}
		return false
	})
}

// hide takes m out of the catalog; the caller holds published.mu.
func (s *Server) hide(m *learning.Module) {
	rest := slices.DeleteFunc(s.Catalog.Modules(), func(o *learning.Module) bool { return o.ID == m.ID })
	s.Catalog.Swap(rest)
	s.published.hidden[m.ID] = m
}

type moduleRow = admin.ModuleState

func (s *Server) handleModules(c echo.Context) error {
	if !session(c).Role.AtLeast(admin.RoleAdministrator) {
		return c.Redirect(http.StatusSeeOther, "/admin/editor") // authors and reviewers work there
	}
	return s.modulesPage(c, http.StatusOK, signedIn(c, "Modules"))
}

func (s *Server) modulesPage(c echo.Context, status int, d pageData) error {
	d.Modules = s.ModuleStates()
	n, err := s.Feeds.Updates(c.Request().Context())
	if err != nil {
		return err
	}
	d.FeedUpdates = n
	return s.render(c, status, "modules", d)
}

// ModuleStates are every module, published or not, by id.
func (s *Server) ModuleStates() []admin.ModuleState {
	var rows []moduleRow
	for _, m := range s.Catalog.Modules() {
		rows = append(rows, moduleRow{Module: m, Published: true})
	}
	s.published.mu.Lock()
	for _, m := range s.published.hidden {
		rows = append(rows, moduleRow{Module: m})
	}
	s.published.mu.Unlock()
	slices.SortFunc(rows, func(a, b moduleRow) int { return cmp.Compare(a.ID, b.ID) })
	return rows
}

// handleUnpublish takes a module out of the catalog: new learners cannot
// start it. Registrations stay in the database, untouched. The database
// records it, with its audit entry, before the catalog changes.
func (s *Server) handleUnpublish(c echo.Context) error {
	id := c.Param("id")
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	m, err := s.Catalog.Module(id)
	if err != nil {
		return err
	}
	if err := s.setPublished(c, m, false); err != nil {
		return err
	}
	s.hide(m)
	return c.Redirect(http.StatusSeeOther, "/admin")
}

func (s *Server) handlePublish(c echo.Context) error {
	id := c.Param("id")
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	m, ok := s.published.hidden[id]
	if !ok {
		return engine.Errorf(engine.ENOTFOUND, "module %q is not unpublished", id)
	}
	if err := s.setPublished(c, m, true); err != nil {
		return err
	}
	s.Catalog.Replace(m)
	delete(s.published.hidden, id)
	return c.Redirect(http.StatusSeeOther, "/admin")
}

func (s *Server) setPublished(c echo.Context, m *learning.Module, published bool) error {
	action := map[bool]string{true: "module.publish", false: "module.unpublish"}[published]
	e := s.Admins.Entry(session(c).Email, action, m.ID, map[string]string{"version": m.Version})
	return s.Admins.Store.SetPublished(c.Request().Context(), m.ID, published, e)
}

// audited records a change kept outside the database and goes back to the
// modules page.
func (s *Server) audited(c echo.Context, action, target string, details map[string]string) error {
	if err := s.Admins.Audit(c.Request().Context(), session(c).Email, action, target, details); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin")
}
