package admin

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
)

type stateChange func(ctx context.Context, who authoring.Actor, moduleID string, from int) (*authoring.Draft, error)

// changeState runs a workflow step on the revision the page showed.
func (s *Server) changeState(c echo.Context, step stateChange) error {
	id := c.Param("id")
	from, err := revision(c)
	if err == nil {
		_, err = step(c.Request().Context(), actor(c), id, from)
	}
	return s.afterStep(c, id, err)
}

// afterStep goes back to the draft, or shows it with why the step was
// refused.
func (s *Server) afterStep(c echo.Context, id string, err error) error {
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin/editor/"+id)
	}
	var stale *authoring.Stale
	if errors.As(err, &stale) {
		return s.draftPage(c, http.StatusConflict, id, err)
	}
	status, err2 := editorError(err)
	if err2 != nil {
		return err2
	}
	if status == http.StatusForbidden || status == http.StatusNotFound {
		return err // the page itself may be out of reach
	}
	return s.draftPage(c, status, id, err)
}

func (s *Server) handleSubmit(c echo.Context) error  { return s.changeState(c, s.Editor.Submit) }
func (s *Server) handleApprove(c echo.Context) error { return s.changeState(c, s.Editor.Approve) }
func (s *Server) handleReturn(c echo.Context) error  { return s.changeState(c, s.Editor.Return) }

// handlePublishDraft exports an approved draft as a package and installs
// it through Install, as an uploaded package is; the catalog then serves
// it (or keeps it for a later publish if the module is unpublished).
func (s *Server) handlePublishDraft(c echo.Context) error {
	id := c.Param("id")
	from, err := revision(c)
	if err != nil {
		return s.afterStep(c, id, err)
	}
	m, problems, err := s.Editor.Publish(c.Request().Context(), actor(c), id, from, s.Content, authoring.Installer(s.Install))
	if err != nil {
		if len(problems) > 0 && engine.ErrorCode(err) != engine.EINTERNAL {
			var msg string
			for _, p := range problems {
				msg += "; " + p.String()
			}
			err = engine.Errorf(engine.ErrorCode(err), "%s%s", engine.ErrorMessage(err), msg)
		}
		return s.afterStep(c, id, err)
	}
	s.serveInstalled(m)
	return c.Redirect(http.StatusSeeOther, "/admin/editor/"+id)
}

// handleComment adds a comment at the revision shown.
func (s *Server) handleComment(c echo.Context) error {
	id := c.Param("id")
	from, err := revision(c)
	if err == nil {
		_, err = s.Editor.Comment(c.Request().Context(), actor(c), id, from, c.FormValue("comment"))
	}
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin/editor/"+id+"#comments")
	}
	return s.afterStep(c, id, err)
}

// handleGrant gives a person a role on the module, or takes it away.
func (s *Server) handleGrant(c echo.Context) error {
	id := c.Param("id")
	role := admin.Role(c.FormValue("role"))
	if role == "none" {
		role = ""
	}
	err := s.Editor.Grant(c.Request().Context(), actor(c), authoring.Grant{Email: c.FormValue("email"), ModuleID: id, Role: role})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin/editor/"+id+"#roles")
	}
	return s.afterStep(c, id, err)
}
