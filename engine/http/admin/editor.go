package admin

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/sdk"
)

// ContentTypes are the installed content types as the editor needs them:
// to check a draft and export it (authoring.Host), to preview its objects
// and to list what an object may be. The plugin host.
type ContentTypes interface {
	authoring.Host
	Render(ctx context.Context, name string, req *sdk.RenderRequest) (*sdk.RenderResponse, error)
	Handle(ctx context.Context, name string, req *sdk.HandleRequest) (*sdk.HandleResponse, error)
	Types() []string
}

// editorRoutes are the module editor's routes. Any author may reach them;
// each handler's call into authoring.Editor checks the role on the module
// (reviewers to approve and publish, administrators to give roles).
func (s *Server) editorRoutes() []route {
	a := admin.RoleAuthor
	return []route{
		{http.MethodGet, "/editor", s.handleDrafts, a},
		{http.MethodPost, "/editor", s.handleCreateDraft, a},
		{http.MethodPost, "/editor/open", s.handleOpenModule, a},
		{http.MethodGet, "/editor/:id", s.handleDraft, a},
		{http.MethodPost, "/editor/:id", s.handleSaveFiles, a},
		{http.MethodPost, "/editor/:id/objects", s.handleObjects, a},
		{http.MethodGet, "/editor/:id/objects/:n", s.handleObject, a},
		{http.MethodPost, "/editor/:id/objects/:n", s.handleSaveObject, a},
		{http.MethodPost, "/editor/:id/files", s.handleUpload, a},
		{http.MethodPost, "/editor/:id/markdown", s.handleMarkdown, a},
		{http.MethodPost, "/editor/:id/submit", s.handleSubmit, a},
		{http.MethodPost, "/editor/:id/approve", s.handleApprove, a},
		{http.MethodPost, "/editor/:id/return", s.handleReturn, a},
		{http.MethodPost, "/editor/:id/publish", s.handlePublishDraft, a},
		{http.MethodPost, "/editor/:id/comments", s.handleComment, a},
		{http.MethodPost, "/editor/:id/grants", s.handleGrant, admin.RoleAdministrator},
		{http.MethodGet, "/editor/:id/history", s.handleHistory, a},
		{http.MethodGet, "/editor/:id/preview", s.handlePreview, a},
		{http.MethodGet, "/editor/:id/media/*", s.handleDraftMedia, a},
		{http.MethodGet, "/editor/:id/try", s.handleTry, a},
		{http.MethodGet, "/editor/:id/try/summary", s.handleTrySummary, a},
		{http.MethodGet, "/editor/:id/try/objects/:oid", s.handleTry, a},
		{http.MethodPost, "/editor/:id/try/objects/:oid/events", s.handleTryEvent, a},
		{http.MethodPost, "/editor/:id/try/restart", s.handleTryRestart, a},
	}
}

// actor is who is signed in, for authoring.Editor.
func actor(c echo.Context) authoring.Actor {
	sess := session(c)
	return authoring.Actor{Email: sess.Email, Role: sess.Role}
}

// revision is the draft revision a form was loaded at.
func revision(c echo.Context) (int, error) {
	n, err := strconv.Atoi(c.FormValue("revision"))
	if err != nil || n < 1 {
		return 0, engine.FieldError("revision", "missing or not a number: reload the draft and try again")
	}
	return n, nil
}

// editorData is what the editor's templates read.
type editorData struct {
	Drafts    []authoring.Draft
	Served    []moduleRow // modules on the site, to open in the editor
	Draft     *authoring.Draft
	Role      admin.Role
	Settings  authoring.Settings
	Invalid   map[string]string // field name → what is wrong with it
	Types     []string
	Objects   []objectRow
	Problems  []problem // the module's own, not an object's
	Texts     []textFile
	Media     []string
	Comments  []authoring.Comment
	Revisions []authoring.Revision
	Grants    []authoring.Grant
	Diff      []authoring.FileDiff
	From, To  int
	Conflict  *conflict
	Object    *objectPage
	Preview   []previewObject
}

// invalid shows err next to its field when it names one of the page's
// fields; otherwise at the top of the page.
func invalid(d *pageData, err error) {
	var e *engine.Error
	if errors.As(err, &e) && e.Code == engine.EINVALID && e.Field != "" {
		if d.Editor.Invalid == nil {
			d.Editor.Invalid = map[string]string{}
		}
		d.Editor.Invalid[e.Field] = e.Message
	}
	d.Error = engine.ErrorMessage(err)
}

// editorError is the status of an error shown on an editor page, or err
// itself when the error handler should take it (internal, unavailable).
func editorError(err error) (int, error) {
	switch engine.ErrorCode(err) {
	case engine.EINVALID:
		return http.StatusBadRequest, nil
	case engine.ECONFLICT:
		return http.StatusConflict, nil
	case engine.EFORBIDDEN:
		return http.StatusForbidden, nil
	case engine.ENOTFOUND:
		return http.StatusNotFound, nil
	}
	return 0, err
}

// newSettings are the new-module form's first values.
var newSettings = authoring.Settings{Language: "en", License: "CC-BY-4.0"}

func (s *Server) handleDrafts(c echo.Context) error {
	return s.draftsPage(c, http.StatusOK, signedIn(c, "Module editor"))
}

func (s *Server) draftsPage(c echo.Context, status int, d pageData) error {
	drafts, err := s.Editor.Drafts(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if d.Editor == nil {
		d.Editor = &editorData{Settings: newSettings}
	}
	d.Editor.Drafts = drafts
	d.Editor.Served = s.ModuleStates()
	return s.render(c, status, "editor_list", d)
}

// handleCreateDraft starts a module from the new-module form.
func (s *Server) handleCreateDraft(c echo.Context) error {
	set := authoring.Settings{
		ID: strings.TrimSpace(c.FormValue("id")), Title: c.FormValue("title"), Language: strings.TrimSpace(c.FormValue("language")),
		License: strings.TrimSpace(c.FormValue("license")), Attribution: strings.TrimSpace(c.FormValue("attribution")),
		CEHours: strings.TrimSpace(c.FormValue("ce_hours")), Completion: c.FormValue("completion"),
	}
	for t := range strings.SplitSeq(c.FormValue("topics"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			set.Topics = append(set.Topics, t)
		}
	}
	files, err := authoring.NewModule(set)
	if err == nil && slices.ContainsFunc(s.ModuleStates(), func(m moduleRow) bool { return m.ID == set.ID }) {
		err = engine.FieldError("id", "module %q exists on this site: open it in the editor instead", set.ID)
	}
	if err == nil {
		_, err = s.Editor.Create(c.Request().Context(), actor(c), set.ID, files)
	}
	if err != nil {
		status, err2 := editorError(err)
		if err2 != nil {
			return err2
		}
		d := signedIn(c, "Module editor")
		d.Editor = &editorData{Settings: set}
		invalid(&d, err)
		return s.draftsPage(c, status, d)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/editor/"+set.ID)
}

// editorFuncs are the editor templates' functions.
var editorFuncs = template.FuncMap{
	"state": func(s authoring.State) string {
		return map[authoring.State]string{authoring.StateDraft: "draft", authoring.StateInReview: "in review",
			authoring.StateApproved: "approved", authoring.StatePublished: "published"}[s]
	},
	"field": func(name, label, value string, invalid map[string]string, typ string) formField {
		return formField{Name: name, Label: label, Value: value, Error: invalid[name], Type: typ}
	},
	"join":  func(s []string) string { return strings.Join(s, ", ") },
	"minus": func(n int) int { return n - 1 },
}

// formField is one labelled input with its error, if any.
type formField struct {
	Name, Label, Value, Error, Type string
}

// handleOpenModule starts a draft from a module the site serves (or has
// unpublished), as it is on disk: a module written as files opens in the
// editor.
func (s *Server) handleOpenModule(c echo.Context) error {
	id := c.FormValue("module")
	i := slices.IndexFunc(s.ModuleStates(), func(m moduleRow) bool { return m.ID == id })
	if i < 0 {
		return s.draftsPage(c, http.StatusBadRequest, withError(signedIn(c, "Module editor"), engine.FieldError("module", "%q is not a module of this site", id)))
	}
	dir := s.ModuleStates()[i].Dir
	_, err := s.Editor.Open(c.Request().Context(), actor(c), id, func() (authoring.Files, error) { return authoring.ReadFolder(dir) })
	if err != nil {
		status, err2 := editorError(err)
		switch {
		case err2 != nil:
			return err2
		case status == http.StatusForbidden:
			return err
		}
		return s.draftsPage(c, status, withError(signedIn(c, "Module editor"), err))
	}
	return c.Redirect(http.StatusSeeOther, "/admin/editor/"+id)
}

// withError is d showing err, by its field if the page has it.
func withError(d pageData, err error) pageData {
	d.Editor = &editorData{Settings: newSettings}
	invalid(&d, err)
	return d
}
