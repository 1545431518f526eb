package lrsapi

import (
	"encoding/json"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/lrs"
)

// A GET of statements in format exact, the default, without attachments
// is answered from the stored documents as they are: the same statements
// as decoding and encoding them would give (xapi_statements_docs_test.go
// holds the two to each other), at a fraction of the cost (issue 15).

// queryDocs answers a StatementResult page of the query f, asked for by q.
func (s *Server) queryDocs(c echo.Context, q url.Values, f lrs.StatementFilter) error {
	docs, next, err := s.LRS.QueryDocs(c.Request().Context(), lrsCaller(c), f)
	if err != nil {
		return err
	}
	more := ""
	if next != "" {
		more = s.moreLink(q, next)
	}
	var latest time.Time
	size := len(`{"statements":[],"more":""}`) + 2*len(more)
	for _, d := range docs {
		size += len(d.Doc) + 1
		if d.Stored.After(latest) {
			latest = d.Stored
		}
	}
	if len(docs) > 0 {
		setLastModified(c, &latest)
	}
	b := make([]byte, 0, size)
	b = append(b, `{"statements":[`...)
	for i, d := range docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, d.Doc...)
	}
	b = append(b, `],"more":`...)
	// As json.Marshal writes it: the link's & as \u0026.
	m, err := json.Marshal(more)
	if err != nil {
		return err
	}
	b = append(append(b, m...), '}')
	return answer(c, echo.MIMEApplicationJSONCharsetUTF8, b)
}

// getStatementDoc answers a GET of one statement by id.
func (s *Server) getStatementDoc(c echo.Context, id string, voided bool) error {
	d, err := s.LRS.StatementDoc(c.Request().Context(), lrsCaller(c), id, voided)
	if err != nil {
		return err
	}
	setLastModified(c, &d.Stored)
	return answer(c, echo.MIMEApplicationJSONCharsetUTF8, d.Doc)
}
