package lrsapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// readMultipart reads a multipart/mixed statement request (xAPI 1.0.3
// Data §2.4.11): the first part is the statements as application/json,
// each other part the content of one attachment, with
// Content-Transfer-Encoding: binary and X-Experience-API-Hash its SHA-256.
// Whether the parts are exactly the attachments the statements need is
// the LRS's to check.
func readMultipart(body io.Reader, boundary string) ([]byte, []lrs.Attachment, error) {
	if boundary == "" {
		return nil, nil, engine.FieldError("Content-Type", "multipart/mixed needs a boundary parameter")
	}
	mr := multipart.NewReader(body, boundary)
	first, err := mr.NextRawPart()
	if err != nil {
		return nil, nil, multipartError(err, "the first part, the statements")
	}
	if mt, _, _ := mime.ParseMediaType(first.Header.Get(echo.HeaderContentType)); mt != echo.MIMEApplicationJSON {
		return nil, nil, engine.FieldError("Content-Type", "the first part of a multipart/mixed request must be the statements as application/json, not %q",
			first.Header.Get(echo.HeaderContentType))
	}
	raw, err := io.ReadAll(first)
	if err != nil {
		return nil, nil, multipartError(err, "the statements part")
	}
	var atts []lrs.Attachment
	for n := 2; ; n++ {
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return raw, atts, nil
		}
		if err != nil {
			return nil, nil, multipartError(err, "an attachment part")
		}
		hash := strings.TrimSpace(p.Header.Get(headerXAPIHash))
		if hash == "" {
			return nil, nil, engine.FieldError(headerXAPIHash, "part %d has no %s header: each attachment part carries the SHA-256 of its content", n, headerXAPIHash)
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); !strings.EqualFold(strings.TrimSpace(cte), "binary") {
			return nil, nil, engine.FieldError("Content-Transfer-Encoding", "part %d must be sent with Content-Transfer-Encoding: binary, not %q", n, cte)
		}
		content, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, multipartError(err, "an attachment part")
		}
		atts = append(atts, lrs.Attachment{SHA2: hash, Content: content})
	}
}

func multipartError(err error, reading string) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return engine.FieldError("Content-Type", "the multipart/mixed body is malformed reading %s: %v", reading, err)
}

// writeMultipart answers with doc as the first, application/json, part of
// a multipart/mixed body and the stored contents of the attachments of
// stmts in the following parts, each once.
func (s *Server) writeMultipart(c echo.Context, doc any, stmts []xapi.Statement) error {
	want := map[string]string{} // sha2 -> content type
	var order []string
	for i := range stmts {
		all := stmts[i].Attachments
		if stmts[i].Object.ObjectType == "SubStatement" {
			all = append(all[:len(all):len(all)], stmts[i].Object.Attachments...)
		}
		for _, a := range all {
			h := strings.ToLower(a.SHA2)
			if _, ok := want[h]; !ok && h != "" {
				want[h] = a.ContentType
				order = append(order, h)
			}
		}
	}
	atts, err := s.LRS.AttachmentContents(c.Request().Context(), order)
	if err != nil {
		return err
	}
	content := make(map[string][]byte, len(atts))
	for _, a := range atts {
		content[a.SHA2] = a.Content
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreatePart(textproto.MIMEHeader{echo.HeaderContentType: {echo.MIMEApplicationJSON}})
	if err != nil {
		return err
	}
	if err := json.NewEncoder(part).Encode(doc); err != nil {
		return err
	}
	for _, h := range order {
		b, ok := content[h]
		if !ok {
			continue
		}
		part, err := mw.CreatePart(textproto.MIMEHeader{
			echo.HeaderContentType:      {want[h]},
			"Content-Transfer-Encoding": {"binary"},
			headerXAPIHash:              {h},
		})
		if err != nil {
			return err
		}
		if _, err := part.Write(b); err != nil {
			return err
		}
	}
	if err := mw.Close(); err != nil {
		return err
	}
	return answer(c, "multipart/mixed; boundary="+mw.Boundary(), buf.Bytes())
}
