package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk"
)

// eventRequest is the body of POST /api/modules/:id/objects/:oid/events.
type eventRequest struct {
	Type     string          `json:"type"`
	Data     json.RawMessage `json:"data"`
	Rerender bool            `json:"rerender"`
}

// eventResponse is what lode.js needs to update the page in place.
type eventResponse struct {
	HTML            string          `json:"html,omitempty"`
	Assets          []assetJSON     `json:"assets"`
	ClientState     json.RawMessage `json:"client_state"`
	FeedbackHTML    string          `json:"feedback_html"`
	Result          *resultJSON     `json:"result"`
	Progress        progressJSON    `json:"progress"`
	Steps           []step          `json:"steps"`
	ModuleCompleted bool            `json:"module_completed"`
}

type assetJSON struct {
	URL  string `json:"url"`
	Kind string `json:"kind"` // style, script or ""
}

// handleEvent applies one learner interaction. The learner is the
// session's, never one named in the request.
func (s *Server) handleEvent(c echo.Context) error {
	sess := session(c)
	if err := checkCSRF(sess, c.Request().Header.Get("X-CSRF-Token")); err != nil {
		return err
	}
	req, err := s.decodeEvent(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.module(c.Param("id"))
	if err != nil {
		return err
	}
	if m.ObjectIndex(c.Param("oid")) < 0 {
		return engine.Errorf(engine.ENOTFOUND, "module %q has no object %q", m.ID, c.Param("oid"))
	}
	if err := learning.CheckEvent(sdk.Event{Type: req.Type, Data: req.Data}); err != nil {
		return err
	}
	if err := visitorMayAnswer(session(c), m, c.Param("oid")); err != nil {
		return err
	}
	if sess, err = s.asLearner(c, sess); err != nil {
		return err
	}
	if err := s.limitWrites(c, sess); err != nil {
		return err
	}
	out, err := s.Delivery.Interact(ctx, learning.Interaction{
		LearnerID: sess.LearnerID, SessionID: sess.ID, ModuleID: m.ID, ObjectID: c.Param("oid"),
		Event: sdk.Event{Type: req.Type, Data: req.Data}, Locale: moduleLang(m), Rerender: req.Rerender,
	})
	if err != nil {
		return err
	}
	if out.ModuleCompleted {
		s.issueAtCompletion(ctx, sess.LearnerID, m.ID)
	}
	resp, err := s.eventResponse(c, m, out)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, resp)
}

// eventResponse is what lode.js is told of an interaction's outcome.
func (s *Server) eventResponse(c echo.Context, m *learning.Module, out *learning.Outcome) (*eventResponse, error) {
	resp := &eventResponse{
		Assets: []assetJSON{}, ClientState: json.RawMessage("null"), FeedbackHTML: out.FeedbackHTML,
		Result: newResultJSON(out.Result), Progress: newProgressJSON(out.Progress),
		Steps: steps(s.locale(c, moduleLang(m)), out.Progress, c.Param("oid")), ModuleCompleted: out.ModuleCompleted,
	}
	if v := out.View; v != nil {
		resp.HTML = v.HTML
		if len(v.ClientState) > 0 {
			resp.ClientState = v.ClientState
		}
		assets, err := s.pluginAssetsFor(c.Request().Context(), v.ContentType, v.Assets)
		if err != nil {
			return nil, err
		}
		for _, a := range assets {
			resp.Assets = append(resp.Assets, assetJSON{URL: a.url, Kind: a.kind()})
		}
	}
	return resp, nil
}

// limitWrites keeps one learner (or a script with their cookie) from
// writing without end: an interaction costs a content type's work and a
// transaction.
func (s *Server) limitWrites(c echo.Context, sess *learning.Session) error {
	return s.limit(c.Request().Context(), "learner-write:"+sess.LearnerID, s.Config.WritesPerMinute, time.Minute,
		"too many changes in a short time; wait %s and try again")
}

// decodeEvent reads the JSON body strictly: the limit, unknown fields and
// trailing data are refused with a message naming the problem.
func (s *Server) decodeEvent(c echo.Context) (*eventRequest, error) {
	r := c.Request()
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return nil, engine.FieldError("Content-Type", "must be application/json, not %q", r.Header.Get("Content-Type"))
	}
	raw, err := io.ReadAll(http.MaxBytesReader(c.Response(), r.Body, s.Config.MaxBodyBytes))
	if err != nil {
		return nil, jsonError(err)
	}
	if !utf8.Valid(raw) {
		// encoding/json would quietly turn bad bytes into U+FFFD.
		return nil, engine.FieldError("body", "is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, jsonError(errTrailing)
	}
	for name := range fields {
		if !slices.ContainsFunc(eventFields, func(f string) bool { return strings.EqualFold(f, name) }) {
			return nil, engine.FieldError(name, "unknown field; the event takes type, data and rerender")
		}
	}
	var req eventRequest
	if err := json.Unmarshal(raw, &req); err != nil { // the same bytes, now known to hold only these fields
		return nil, jsonError(err)
	}
	if req.Type == "" {
		return nil, engine.FieldError("type", "missing; say which event this is, e.g. \"submit\"")
	}
	if len(req.Data) == 0 || string(req.Data) == "null" {
		req.Data = json.RawMessage("{}")
	}
	return &req, nil
}

// eventFields are the JSON fields of eventRequest: a field not among them
// is a mistake the sender should hear about.
var eventFields = []string{"type", "data", "rerender"}

var errTrailing = errors.New("unexpected data after the JSON object")

// jsonError turns a decoding error into an engine error that says where
// the body went wrong.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return engine.Errorf(engine.ETOOLARGE, "the request body is larger than the limit of %d bytes", tooLarge.Limit)
	case errors.Is(err, io.EOF):
		return engine.FieldError("body", "empty; send a JSON object like {\"type\": \"submit\", \"data\": {}}")
	case errors.As(err, &syntax):
		return engine.FieldError("body", "malformed JSON at byte %d: %v", syntax.Offset, err)
	case errors.As(err, &typ):
		return engine.FieldError(typ.Field, "must be %s, not a JSON %s", jsonTypeName(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, errTrailing), errors.Is(err, io.ErrUnexpectedEOF):
		return engine.FieldError("body", "%v", err)
	}
	return engine.FieldError("body", "not a JSON object: %v", err)
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	}
	return fmt.Sprintf("a %s", kind)
}
