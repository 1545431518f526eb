package admin

import (
	"html/template"
	"mime"
	"net/http"
	"path"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkhtml"
)

// handleHistory lists a draft's revisions and comments, and shows the
// difference between two revisions (?from=&to=, the last change when
// not given), or between the version served and the draft
// (?against=published).
func (s *Server) handleHistory(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	who := actor(c)
	draft, err := s.Editor.Draft(ctx, who, id)
	if err != nil {
		return err
	}
	revs, comments, err := s.Editor.History(ctx, who, id)
	if err != nil {
		return err
	}
	ed := &editorData{Draft: draft, Revisions: revs, Comments: comments}
	title := "History of " + id
	if c.QueryParam("against") == "published" {
		m, err := s.Catalog.Module(id)
		if err != nil {
			return engine.Errorf(engine.ENOTFOUND, "module %q is not published: nothing to compare the draft with", id)
		}
		published, err := authoring.ReadFolder(m.Dir)
		if err != nil {
			return err
		}
		ed.Diff, title = authoring.Diff(published, draft.Files), "Draft of "+id+" against version "+m.Version+" as served"
	} else {
		ed.To = atoiOr(c.QueryParam("to"), draft.Revision)
		ed.From = atoiOr(c.QueryParam("from"), max(ed.To-1, 1))
		if ed.Diff, err = s.Editor.Compare(ctx, who, id, ed.From, ed.To); err != nil {
			return err
		}
	}
	d := signedIn(c, title)
	d.Editor = ed
	return s.render(c, http.StatusOK, "editor_history", d)
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}

// previewObject is one object as a learner would first see it.
type previewObject struct {
	ID, Title, Type string
	HTML            template.HTML
}

// handlePreview renders the draft's objects (?object=ID: one) through
// the real content types, as a learner who has not started would see
// them. It goes nowhere near delivery: no registration, no state, no
// statement is made.
func (s *Server) handlePreview(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	draft, err := s.Editor.Draft(ctx, actor(c), id)
	if err != nil {
		return err
	}
	m, problems, err := authoring.Check(ctx, id, draft.Files, s.Content)
	if err != nil {
		return err
	}
	if m == nil {
		return s.previewProblems(c, draft, problems)
	}
	one := c.QueryParam("object")
	var out []previewObject
	for _, o := range m.Objects {
		if one != "" && o.ID != one {
			continue
		}
		r, err := s.Content.Render(ctx, o.Type, &sdk.RenderRequest{Locale: m.Language, Object: sdk.Object{
			ID: o.ID, ActivityID: "urn:lode:preview:" + id + ":" + o.ID, Title: o.Title, Config: o.Config,
			MediaBaseURL: "/admin/editor/" + id + "/media/", Language: m.Language, ConfigVersion: o.TypeVersion}})
		if err != nil {
			return err
		}
		// The plugin host keeps only its allow-list of the fragment
		// (pluginhost.SanitizeFragment), as on a learner's page.
		out = append(out, previewObject{ID: o.ID, Title: o.Title, Type: o.Type, HTML: template.HTML(r.HTML)}) // #nosec: sanitized by the host
	}
	d := signedIn(c, "Preview of "+m.Title)
	d.Editor = &editorData{Draft: draft, Preview: out}
	return s.render(c, http.StatusOK, "editor_preview", d)
}

// previewProblems is the preview of a draft that cannot be previewed:
// its problems, by the objects they are in.
func (s *Server) previewProblems(c echo.Context, draft *authoring.Draft, problems []module.Problem) error {
	d := signedIn(c, "Preview of "+draft.ModuleID)
	d.Editor = &editorData{Draft: draft}
	d.Error = "The draft has problems; fix them to preview it."
	d.Editor.place(problems)
	return s.render(c, http.StatusOK, "editor_preview", d)
}

// handleDraftMedia serves a draft's media to its preview.
func (s *Server) handleDraftMedia(c echo.Context) error {
	draft, err := s.Editor.Draft(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	name := c.Param("*")
	data, ok := draft.Files[name]
	if !ok || name == authoring.ModuleFile {
		return engine.Errorf(engine.ENOTFOUND, "the draft has no file %q", name)
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" || path.Ext(name) == ".md" {
		ct = "text/plain; charset=utf-8"
	}
	h := c.Response().Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	return c.Blob(http.StatusOK, ct, data)
}

// handleMarkdown renders Markdown as learners will see it, for the
// editor's preview of a Markdown field.
func (s *Server) handleMarkdown(c echo.Context) error {
	if _, err := s.Editor.Draft(c.Request().Context(), actor(c), c.Param("id")); err != nil {
		return err
	}
	return c.HTML(http.StatusOK, string(sdkhtml.Markdown(c.FormValue("markdown"), "/admin/editor/"+c.Param("id")+"/media/")))
}
