package lrsapi

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

// xapiDocumentRoutes mounts the State, Activity Profile, Agent Profile,
// Activities, Agents and About resources. auth(scope) authenticates the
// client and checks it holds scope; About needs no credentials.
func (s *Server) xapiDocumentRoutes(g *echo.Group, auth func(scope string) echo.MiddlewareFunc) {
	for _, r := range []struct {
		path  string
		kind  lrs.DocumentKind
		scope string
	}{
		{"/activities/state", lrs.StateDocument, lrs.ScopeState},
		{"/activities/profile", lrs.ActivityProfileDocument, lrs.ScopeProfile},
		{"/agents/profile", lrs.AgentProfileDocument, lrs.ScopeProfile},
	} {
		h, m := documentHandlers{s: s, kind: r.kind}, auth(r.scope)
		g.GET(r.path, h.get, m)
		g.HEAD(r.path, h.get, m)
		g.PUT(r.path, h.put, m)
		g.POST(r.path, h.post, m)
		g.DELETE(r.path, h.delete, m)
	}
	// Activities and Agents tell what statements say: reading them is
	// reading statements.
	read := auth(lrs.ScopeStatementsRead)
	g.GET("/activities", s.handleXAPIActivity, read)
	g.HEAD("/activities", s.handleXAPIActivity, read)
	g.GET("/agents", s.handleXAPIAgents, read)
	g.HEAD("/agents", s.handleXAPIAgents, read)
	g.GET("/about", s.handleXAPIAbout)
	g.HEAD("/about", s.handleXAPIAbout)
}

// documentHandlers serve one document resource.
type documentHandlers struct {
	s    *Server
	kind lrs.DocumentKind
}

// get returns one document, or the ids of a context's documents when the
// request names none.
func (h documentHandlers) get(c echo.Context) error {
	docs, err := h.s.documents()
	if err != nil {
		return err
	}
	q, err := parseDocumentQuery(c, h.kind, "since")
	if err != nil {
		return err
	}
	if q.key.ID == "" {
		ids, updated, err := docs.DocumentIDs(c.Request().Context(), q.set())
		if err != nil {
			return err
		}
		return writeDocumentIDs(c, ids, updated)
	}
	doc, err := docs.Document(c.Request().Context(), q.key)
	if err != nil {
		return err
	}
	setDocumentHeaders(c, doc.ETag, doc.Updated)
	return c.Blob(http.StatusOK, doc.ContentType, doc.Content)
}

func (h documentHandlers) put(c echo.Context) error  { return h.write(c, false) }
func (h documentHandlers) post(c echo.Context) error { return h.write(c, true) }

// write stores (PUT) or merges (POST) the request's document.
func (h documentHandlers) write(c echo.Context, merge bool) error {
	docs, err := h.s.documents()
	if err != nil {
		return err
	}
	q, err := parseDocumentQuery(c, h.kind)
	if err != nil {
		return err
	}
	if q.key.ID == "" {
		return engine.FieldError(q.key.IDParam(), "is required")
	}
	r := c.Request()
	content, err := io.ReadAll(http.MaxBytesReader(c.Response(), r.Body, lrs.MaxDocumentBytes))
	if err != nil {
		return err
	}
	w := lrs.DocumentWrite{Key: q.key, ContentType: r.Header.Get("Content-Type"), Content: content,
		Preconditions: preconditions(r.Header), Version: q.version}
	if merge {
		err = docs.Merge(r.Context(), w)
	} else {
		err = docs.Put(r.Context(), w)
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// delete deletes one document or, for State without stateId, every
// document of the context.
func (h documentHandlers) delete(c echo.Context) error {
	docs, err := h.s.documents()
	if err != nil {
		return err
	}
	q, err := parseDocumentQuery(c, h.kind)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	switch {
	case q.key.ID != "":
		err = docs.Delete(ctx, q.key, preconditions(c.Request().Header))
	case h.kind == lrs.StateDocument:
		err = docs.DeleteDocuments(ctx, q.set())
	default:
		err = engine.FieldError(q.key.IDParam(), "is required")
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// documents returns the service, or EUNAVAILABLE when it is not set up.
func (s *Server) documents() (*lrs.Documents, error) {
	if s.Documents == nil {
		return nil, engine.Errorf(engine.EUNAVAILABLE, "the LRS document resources are not set up on this server")
	}
	return s.Documents, nil
}
