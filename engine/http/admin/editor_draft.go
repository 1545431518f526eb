package admin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/engine/module"
)

// objectRow is one object of the draft with the problems the module
// check found in it.
type objectRow struct {
	Index int
	authoring.ObjectSummary
	Problems []problem
}

// problem is a module check problem as `lode check` words it, file:line
// relative to the draft.
type problem struct {
	Text           string // file:line:col: field: message
	Field, Message string
	Warning        bool
}

type textFile struct {
	Path, Text string
	ID         string // the textarea's id
}

func (s *Server) handleDraft(c echo.Context) error {
	return s.draftPage(c, http.StatusOK, c.Param("id"), nil)
}

// draftPage shows a draft with its objects, files, the problems the real
// module check finds, its comments and what the signed-in person may do;
// failed shows an edit that was refused (nil: none).
func (s *Server) draftPage(c echo.Context, status int, id string, failed error) error {
	ctx := c.Request().Context()
	ed, err := s.draftData(ctx, actor(c), id)
	if err != nil {
		return err
	}
	d := signedIn(c, "Draft: "+id)
	d.Editor = ed
	if failed != nil {
		invalid(&d, failed)
	}
	return s.render(c, status, "editor_draft", d)
}

func (s *Server) draftData(ctx context.Context, who authoring.Actor, id string) (*editorData, error) {
	draft, err := s.Editor.Draft(ctx, who, id)
	if err != nil {
		return nil, err
	}
	role, err := s.Editor.RoleOn(ctx, who, id)
	if err != nil {
		return nil, err
	}
	ed := &editorData{Draft: draft, Role: role, Types: s.Content.Types()}
	objs, objErr := authoring.Objects(draft.Files)
	for i, o := range objs {
		ed.Objects = append(ed.Objects, objectRow{Index: i, ObjectSummary: o})
	}
	_, problems, err := authoring.Check(ctx, id, draft.Files, s.Content)
	if err != nil {
		return nil, err
	}
	ed.place(problems)
	if objErr != nil && len(problems) == 0 {
		ed.Problems = append(ed.Problems, problem{Text: objErr.Error()})
	}
	ed.Texts, ed.Media = splitFiles(draft.Files)
	if ed.Comments, err = s.Editor.Store.Comments(ctx, id); err != nil {
		return nil, err
	}
	if who.Role.AtLeast("administrator") {
		ed.Grants, err = s.Editor.Store.Grants(ctx, id)
	}
	return ed, err
}

// place puts each problem beside the object it is about, or with the
// module's own.
func (ed *editorData) place(problems []module.Problem) {
	for _, p := range problems {
		pr := problem{Text: p.String(), Field: p.Field, Message: p.Message, Warning: p.Warning}
		if i, ok := objectOf(p.Field); ok && i < len(ed.Objects) {
			ed.Objects[i].Problems = append(ed.Objects[i].Problems, pr)
			continue
		}
		ed.Problems = append(ed.Problems, pr)
	}
}

// objectOf is the index in a problem's field "objects[2].config/...".
func objectOf(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, "objects[")
	if !ok {
		return 0, false
	}
	n, _, _ := strings.Cut(rest, "]")
	i, err := strconv.Atoi(n)
	return i, err == nil
}

// splitFiles separates the files edited as text (module.yaml first, then
// Markdown and captions) from media, each by path.
func splitFiles(files authoring.Files) ([]textFile, []string) {
	var texts []textFile
	var media []string
	for p, b := range files {
		if ext := path.Ext(p); (ext == ".yaml" || ext == ".md" || ext == ".vtt") && utf8.Valid(b) {
			texts = append(texts, textFile{Path: p, Text: string(b), ID: "file-" + strings.NewReplacer("/", "-", ".", "-").Replace(p)})
		} else {
			media = append(media, p)
		}
	}
	slices.SortFunc(texts, func(a, b textFile) int {
		if (a.Path == authoring.ModuleFile) != (b.Path == authoring.ModuleFile) {
			return map[bool]int{true: -1, false: 1}[a.Path == authoring.ModuleFile]
		}
		return strings.Compare(a.Path, b.Path)
	})
	slices.Sort(media)
	return texts, media
}

// saveEdit applies edit to the revision the form was loaded at and saves
// it; then it goes to next. A refused edit shows the draft again with
// why; a stale revision shows the conflict, with what was typed.
func (s *Server) saveEdit(c echo.Context, edit func(authoring.Files) (authoring.Files, error), next string) error {
	id := c.Param("id")
	from, err := revision(c)
	if err != nil {
		return s.draftPage(c, http.StatusBadRequest, id, err)
	}
	_, mine, err := s.Editor.Edit(c.Request().Context(), actor(c), id, from, edit)
	var stale *authoring.Stale
	switch {
	case errors.As(err, &stale):
		return s.conflictPage(c, id, err, mine)
	case err != nil:
		status, err2 := editorError(err)
		if err2 != nil {
			return err2
		}
		return s.draftPage(c, status, id, err)
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// handleSaveFiles saves the text files posted as file:PATH, and a new
// Markdown file if one is named.
func (s *Server) handleSaveFiles(c echo.Context) error {
	form, _ := c.FormParams()
	return s.saveEdit(c, func(files authoring.Files) (authoring.Files, error) {
		out := maps(files)
		for name, v := range form {
			if p, ok := strings.CutPrefix(name, "file:"); ok && len(v) == 1 {
				if _, known := files[p]; !known {
					return nil, engine.FieldError(name, "the draft has no file %q", p)
				}
				out[p] = []byte(strings.ReplaceAll(v[0], "\r\n", "\n"))
			}
		}
		if p := strings.TrimSpace(form.Get("new_file")); p != "" {
			if err := authoring.CheckUpload("new_file", p, []byte(form.Get("new_text"))); err != nil {
				return nil, err
			}
			if path.Ext(p) != ".md" {
				return nil, engine.FieldError("new_file", "%q: name a Markdown file ending in .md; upload other files below", p)
			}
			out[p] = []byte(form.Get("new_text"))
		}
		return out, nil
	}, "/admin/editor/"+c.Param("id"))
}

func maps(f authoring.Files) authoring.Files {
	out := make(authoring.Files, len(f))
	for k, v := range f {
		out[k] = v
	}
	return out
}

// handleObjects adds, moves or removes an object: the button pressed
// names the operation, "add", "up:2", "down:2" or "remove:2".
func (s *Server) handleObjects(c echo.Context) error {
	op, arg, _ := strings.Cut(c.FormValue("op"), ":")
	i, _ := strconv.Atoi(arg)
	var edit authoring.ObjectEdit
	switch op {
	case "add":
		typ := c.FormValue("object_type")
		if !slices.Contains(s.Content.Types(), typ) {
			return s.draftPage(c, http.StatusBadRequest, c.Param("id"), engine.FieldError("object_type", "%q is not an installed content type", typ))
		}
		edit = authoring.AddObject(strings.TrimSpace(c.FormValue("object_id")), typ, strings.TrimSpace(c.FormValue("object_title")))
	case "up", "down":
		edit = authoring.MoveObject(i, map[string]int{"up": -1, "down": 1}[op])
	case "remove":
		edit = authoring.RemoveObject(i)
	default:
		return s.draftPage(c, http.StatusBadRequest, c.Param("id"), engine.FieldError("op", "%q is not add, up, down or remove", c.FormValue("op")))
	}
	return s.saveEdit(c, func(f authoring.Files) (authoring.Files, error) { return authoring.EditObjects(f, edit) },
		"/admin/editor/"+c.Param("id")+"#objects")
}

// maxMedia bounds one upload: the largest any kind may be
// (authoring.Media); each kind's own limit is checked after.
const maxMedia = 200 << 20

// handleUpload adds a media file (image, audio, video, captions) under
// media/, checked for its type and size.
func (s *Server) handleUpload(c echo.Context) error {
	fh, err := c.FormFile("media")
	if err != nil {
		return s.draftPage(c, http.StatusBadRequest, c.Param("id"), engine.FieldError("media", "choose a file to upload"))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMedia+1))
	if err != nil {
		return err
	}
	name := "media/" + path.Base(fh.Filename)
	if err := authoring.CheckUpload("media", name, data); err != nil {
		return s.draftPage(c, http.StatusBadRequest, c.Param("id"), err)
	}
	return s.saveEdit(c, func(files authoring.Files) (authoring.Files, error) {
		out := maps(files)
		out[name] = data
		return out, nil
	}, "/admin/editor/"+c.Param("id")+"#media")
}

// conflict is a save refused because the draft moved on: the draft as
// it is now, and what the author tried to save, both shown whole.
type conflict struct {
	Message string
	Theirs  *authoring.Draft
	Mine    []textFile
	Diff    []authoring.FileDiff // from theirs to mine
}

func (s *Server) conflictPage(c echo.Context, id string, err error, mine authoring.Files) error {
	theirs, err2 := s.Editor.Draft(c.Request().Context(), actor(c), id)
	if err2 != nil {
		return err2
	}
	texts, _ := splitFiles(mine)
	d := signedIn(c, "Your changes to "+id+" were not saved")
	d.Editor = &editorData{Draft: theirs, Conflict: &conflict{Message: engine.ErrorMessage(err), Theirs: theirs, Mine: texts, Diff: authoring.Diff(theirs.Files, mine)}}
	d.Error = fmt.Sprintf("Not saved: %s.", engine.ErrorMessage(err))
	return s.render(c, http.StatusConflict, "editor_conflict", d)
}
