package lrsapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Headers of the Statement resource.
const (
	headerConsistentThrough = "X-Experience-API-Consistent-Through"
	headerXAPIHash          = "X-Experience-API-Hash"
)

// xapiStatementRoutes mounts the Statement resource: PUT one statement,
// POST one or a batch, GET (and HEAD) one or a page of a query.
func (s *Server) xapiStatementRoutes(g *echo.Group, auth func(scope string) echo.MiddlewareFunc) {
	g.PUT("/statements", s.handlePutStatement, s.withLRS, auth(lrs.ScopeStatementsWrite))
	g.POST("/statements", s.handlePostStatements, s.withLRS, auth(lrs.ScopeStatementsWrite))
	g.GET("/statements", s.handleGetStatements, s.consistentThrough, s.withLRS, auth(lrs.ScopeStatementsRead))
	g.HEAD("/statements", s.handleGetStatements, s.consistentThrough, s.withLRS, auth(lrs.ScopeStatementsRead))
}

// withLRS answers 503 while the LRS service is not set.
func (s *Server) withLRS(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.LRS == nil {
			return engine.Errorf(engine.EUNAVAILABLE, "the LRS is not set up on this server")
		}
		return next(c)
	}
}

// consistentThrough sets X-Experience-API-Consistent-Through on every
// answer to a GET of statements, whatever its status (xAPI 1.0.3
// Communication §2.1.3).
func (s *Server) consistentThrough(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		at := time.Now().UTC()
		if s.LRS != nil {
			at = s.LRS.ConsistentThrough()
		}
		c.Response().Header().Set(headerConsistentThrough, at.Format(time.RFC3339Nano))
		return next(c)
	}
}

// handlePutStatement stores the statement whose id is the statementId
// parameter: 204, or 409 if that id holds a different statement.
func (s *Server) handlePutStatement(c echo.Context) error {
	q, err := queryParams(c, "statementId")
	if err != nil {
		return err
	}
	id := q.Get("statementId")
	if id == "" {
		return engine.FieldError("statementId", "is required: PUT stores the statement with that id")
	}
	if !xapi.IsUUID(id) {
		return engine.FieldError("statementId", "%q is not a UUID", id)
	}
	raw, atts, err := readStatementBody(c)
	if err != nil {
		return err
	}
	st, err := xapi.ParseStatement(raw, xapiVersionOf(c))
	if err != nil {
		return lrs.XAPIError(err)
	}
	switch {
	case st.ID == "":
		st.ID = id
	case !strings.EqualFold(st.ID, id):
		return engine.FieldError("id", "%s differs from the statementId parameter %s", st.ID, id)
	}
	if _, err := s.storeStatements(c, []xapi.Statement{*st}, atts); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// handlePostStatements stores one statement or an array of them: 200 with
// the array of their ids.
func (s *Server) handlePostStatements(c echo.Context) error {
	if _, err := queryParams(c); err != nil {
		return err
	}
	raw, atts, err := readStatementBody(c)
	if err != nil {
		return err
	}
	stmts, err := xapi.ParseStatements(raw, xapiVersionOf(c))
	if err != nil {
		return lrs.XAPIError(err)
	}
	ids, err := s.storeStatements(c, stmts, atts)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ids)
}

func (s *Server) storeStatements(c echo.Context, stmts []xapi.Statement, atts []lrs.Attachment) ([]string, error) {
	return s.LRS.StoreStatements(c.Request().Context(), lrsCaller(c), stmts, xapiVersionOf(c), atts)
}

// readStatementBody returns the statements JSON of a PUT or POST and, for
// multipart/mixed, the attachments' contents. EINVALID for any other
// content type.
func readStatementBody(c echo.Context) ([]byte, []lrs.Attachment, error) {
	r := c.Request()
	ct := r.Header.Get(echo.HeaderContentType)
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, nil, engine.FieldError("Content-Type", "%q is not a media type: statements are sent as application/json or multipart/mixed", ct)
	}
	switch mt {
	case echo.MIMEApplicationJSON:
		raw, err := readBody(r.Body, r.ContentLength)
		if err != nil {
			return nil, nil, bodyError(err)
		}
		return raw, nil, nil
	case "multipart/mixed":
		return readMultipart(r.Body, params["boundary"])
	}
	return nil, nil, engine.FieldError("Content-Type", "%q: statements are sent as application/json or multipart/mixed", mt)
}

// presizeMax is the largest declared Content-Length readBody allocates
// for before the bytes arrive, so that a client cannot make the server
// hold more than this per request without sending it.
const presizeMax = 1 << 20

// readBody reads body whose declared length is n (-1 if unknown). Up to
// presizeMax it reads into one buffer of that size: io.ReadAll's doubling
// from 512 bytes made a batch of 100 (180 KB) about ten buffers and twice
// its size in garbage. A body longer than declared still reads whole.
func readBody(body io.Reader, n int64) ([]byte, error) {
	if n <= 0 || n > presizeMax {
		return io.ReadAll(body)
	}
	// bytes.Buffer.ReadFrom grows unless MinRead bytes are free.
	buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead))
	_, err := buf.ReadFrom(body)
	return buf.Bytes(), err
}

// answer writes a 200 with body; to a HEAD, only the headers.
func answer(c echo.Context, contentType string, body []byte) error {
	if head, _ := c.Get(ctxAlternateHead).(bool); head || c.Request().Method == http.MethodHead {
		c.Response().Header().Set(echo.HeaderContentType, contentType)
		return c.NoContent(http.StatusOK)
	}
	return c.Blob(http.StatusOK, contentType, body)
}

// answerJSON answers v as JSON; to a HEAD, only the headers.
func answerJSON(c echo.Context, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return answer(c, echo.MIMEApplicationJSONCharsetUTF8, b)
}

// bodyError keeps a body over the size limit a 413; other read errors are
// a broken request.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return engine.Errorf(engine.EINVALID, "the request body could not be read: %v", err)
}
