package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk"
)

// crossOrigin refuses form posts another site's page made a browser send.
// A content type's form cannot carry the session's CSRF token (the plugin
// never sees it), so the browser's own word is the check: Sec-Fetch-Site,
// or Origin against Host where it is not sent. A browser that sends
// neither still does not attach the SameSite=Lax session cookie to a
// cross-site post.
var crossOrigin = http.NewCrossOriginProtection()

// handleFormEvent applies an event sent without JavaScript: a content
// type's form with method="post" and action="?event=TYPE" posts its fields
// to the object's own URL. The fields become the event's data, as lode.js
// would send them, and the learner is sent back to the object (post,
// redirect, get), which now shows the new state.
func (s *Server) handleFormEvent(c echo.Context) error {
	r := c.Request()
	if err := crossOrigin.Check(r); err != nil {
		return engine.Errorf(engine.EFORBIDDEN, "a page on another site cannot send answers for you; open the module here and try again")
	}
	typ := r.URL.Query().Get("event")
	if typ == "" {
		return engine.FieldError("event", "missing; a content type's form needs action=\"?event=TYPE\"")
	}
	if err := s.readForm(c); err != nil {
		return err
	}
	for name, values := range r.PostForm {
		if !utf8.ValidString(name) || slices.ContainsFunc(values, func(v string) bool { return !utf8.ValidString(v) }) {
			return engine.FieldError("body", "is not valid UTF-8") // json.Marshal would quietly change it
		}
	}
	data, err := json.Marshal(r.PostForm) // field name to list of values, as lode.js sends
	if err != nil {
		return err
	}
	m, err := s.module(c.Param("id"))
	if err != nil {
		return err
	}
	if m.ObjectIndex(c.Param("oid")) < 0 {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no object %q", m.ID, c.Param("oid"))
	}
	if err := learning.CheckEvent(sdk.Event{Type: typ, Data: data}); err != nil {
		return err
	}
	if err := visitorMayAnswer(session(c), m, c.Param("oid")); err != nil {
		return err
	}
	sess, err := s.asLearner(c, session(c)) // a visitor's first answer, without JavaScript
	if err != nil {
		return err
	}
	if err := s.limitWrites(c, sess); err != nil {
		return err
	}
	out, err := s.Delivery.Interact(r.Context(), learning.Interaction{
		LearnerID: sess.LearnerID, SessionID: sess.ID, ModuleID: m.ID, ObjectID: c.Param("oid"),
		Event: sdk.Event{Type: typ, Data: data}, Locale: moduleLang(m),
	})
	if err != nil {
		return err
	}
	if out.ModuleCompleted {
		s.issueAtCompletion(r.Context(), sess.LearnerID, m.ID)
	}
	return c.Redirect(http.StatusSeeOther, objectURL(m.ID, c.Param("oid")))
}
