package admin

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/engine/schemaform"
)

// objectPage is one object's config: a form generated from its content
// type's schema, or its YAML when it inlines files or the content type
// gives no schema.
type objectPage struct {
	Index    int
	Object   authoring.ObjectSummary
	Form     template.HTML // empty: edit YAML
	YAML     string
	Problems []problem
}

const cfgPrefix = "cfg."

func (s *Server) handleObject(c echo.Context) error {
	return s.objectPage(c, http.StatusOK, nil, nil, "")
}

// objectPage shows object :n; posted (a form's value not saved, after an
// array operation or a refusal) is shown instead of the saved config.
func (s *Server) objectPage(c echo.Context, status int, posted json.RawMessage, postedProblems []schemaform.Problem, focus string) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil {
		return engine.FieldError("n", "%q is not an object number", c.Param("n"))
	}
	ed, err := s.draftData(ctx, actor(c), id)
	if err != nil {
		return err
	}
	if n < 0 || n >= len(ed.Objects) {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no object %d", id, n)
	}
	row := ed.Objects[n]
	page := &objectPage{Index: n, Object: row.ObjectSummary, Problems: row.Problems, YAML: row.Config}
	form, err := s.configForm(c, row.Type)
	if err != nil {
		return err
	}
	value, formable, err := authoring.ConfigJSON(ed.Draft.Files, n)
	if err != nil {
		return err
	}
	if form != nil && formable {
		problems := postedProblems
		if posted != nil {
			value = posted
		} else {
			problems = pointerProblems(row.Problems, n)
		}
		page.Form = form.RenderWith(value, problems, schemaform.Options{Prefix: cfgPrefix, Focus: focus, PreviewURL: "/admin/editor/" + id + "/markdown"})
	}
	ed.Object = page
	d := signedIn(c, "Object: "+row.Title)
	d.Editor = ed
	return s.render(c, status, "editor_object", d)
}

// configForm is the form of a content type's config schema; nil when it
// has none.
func (s *Server) configForm(c echo.Context, contentType string) (*schemaform.Form, error) {
	desc, err := s.Content.Describe(c.Request().Context(), contentType)
	if err != nil || len(desc.ConfigSchema) == 0 {
		return nil, nil // an unknown type is a check problem; its YAML is still editable
	}
	return schemaform.New(desc.ConfigSchema)
}

// pointerProblems turns the check's problems about object n's config
// ("objects[2].config/questions/0: ...") into the form's, by pointer.
func pointerProblems(problems []problem, n int) []schemaform.Problem {
	var out []schemaform.Problem
	prefix := "objects[" + strconv.Itoa(n) + "].config"
	for _, p := range problems {
		if ptr, ok := strings.CutPrefix(p.Field, prefix); ok && (ptr == "" || ptr[0] == '/') {
			out = append(out, schemaform.Problem{Pointer: ptr, Message: p.Message})
		}
	}
	return out
}

// handleSaveObject saves object :n's config from its form (or YAML). An
// array operation (add a question) re-renders the form unsaved.
func (s *Server) handleSaveObject(c echo.Context) error {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil {
		return engine.FieldError("n", "%q is not an object number", c.Param("n"))
	}
	next := "/admin/editor/" + c.Param("id") + "/objects/" + c.Param("n")
	if yml, ok := c.Request().PostForm["config_yaml"]; ok {
		return s.saveEdit(c, func(f authoring.Files) (authoring.Files, error) {
			return authoring.EditObjects(f, authoring.SetConfig(n, yml[0]))
		}, next)
	}
	objs, err := s.openedObjects(c)
	if err != nil {
		return err
	}
	if n < 0 || n >= len(objs) {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no object %d", c.Param("id"), n)
	}
	form, err := s.configForm(c, objs[n].Type)
	if err != nil || form == nil {
		return engine.FieldError("config_yaml", "this object's config is edited as YAML")
	}
	r := form.DecodeResult(c.Request().PostForm, cfgPrefix)
	switch {
	case r.Op != "":
		return s.objectPage(c, http.StatusOK, r.Value, r.Problems, r.Focus)
	case len(r.Problems) > 0:
		return s.objectPage(c, http.StatusBadRequest, r.Value, r.Problems, "")
	}
	return s.saveEdit(c, func(f authoring.Files) (authoring.Files, error) {
		return authoring.EditObjects(f, authoring.SetConfigJSON(n, r.Value))
	}, next)
}

// openedObjects are the objects of the revision the form was loaded at.
func (s *Server) openedObjects(c echo.Context) ([]authoring.ObjectSummary, error) {
	d, err := s.Editor.Draft(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return nil, err
	}
	return authoring.Objects(d.Files)
}
