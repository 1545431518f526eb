package forward

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"

	"github.com/lode-elearning/lode/engine/lrs"
)

// attachmentRef is what the forwarder needs of a statement's attachment.
type attachmentRef struct {
	ContentType string `json:"contentType"`
	SHA2        string `json:"sha2"`
	FileURL     string `json:"fileUrl"`
}

// body returns the request body for items and its content type: a JSON
// array, or, when statements carry attachments whose content Lode holds
// (no fileUrl, signatures included), multipart/mixed with each content
// once, as xAPI 1.0.3 Communication §1.5.2 asks.
func (w *worker) body(ctx context.Context, items []lrs.ForwardItem) ([]byte, string, error) {
	var statements bytes.Buffer
	statements.WriteByte('[')
	var refs []attachmentRef
	for i, it := range items {
		if i > 0 {
			statements.WriteByte(',')
		}
		statements.Write(it.Statement)
		var st struct {
			Attachments []attachmentRef `json:"attachments"`
		}
		if err := json.Unmarshal(it.Statement, &st); err != nil {
			return nil, "", fmt.Errorf("statement %s in the outbox: %w", it.StatementID, err)
		}
		for _, a := range st.Attachments {
			if a.FileURL == "" && a.SHA2 != "" {
				refs = append(refs, a)
			}
		}
	}
	statements.WriteByte(']')
	if len(refs) == 0 {
		return statements.Bytes(), "application/json", nil
	}
	return w.multipart(ctx, statements.Bytes(), refs)
}

func (w *worker) multipart(ctx context.Context, statements []byte, refs []attachmentRef) ([]byte, string, error) {
	if w.cfg.Attachments == nil {
		return nil, "", &deliveryError{permanent: true, body: "statements carry attachment content but the forwarder has no attachment store"}
	}
	var hashes []string
	types := map[string]string{}
	for _, r := range refs {
		if _, ok := types[r.SHA2]; !ok {
			hashes = append(hashes, r.SHA2)
			types[r.SHA2] = r.ContentType
		}
	}
	atts, err := w.cfg.Attachments.Attachments(ctx, hashes)
	if err != nil {
		return nil, "", err
	}
	content := map[string][]byte{}
	for _, a := range atts {
		content[a.SHA2] = a.Content
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"application/json"}})
	_, _ = part.Write(statements)
	for _, h := range hashes {
		c, ok := content[h]
		if !ok {
			return nil, "", &deliveryError{permanent: true, body: "the content of attachment " + h + " is not stored"}
		}
		part, _ := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type": {types[h]}, "Content-Transfer-Encoding": {"binary"}, "X-Experience-API-Hash": {h},
		})
		_, _ = part.Write(c)
	}
	_ = mw.Close() // writes to a bytes.Buffer cannot fail
	return buf.Bytes(), "multipart/mixed; boundary=" + mw.Boundary(), nil
}
