package lrs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// MaxStatementBytes is the largest statement, as JSON, that is stored, so
// that a client or content type gone wrong cannot fill the database.
const MaxStatementBytes = 1 << 20

// The rules below are the LRS's, stated once. The stores call them before
// they write, so that every store refuses the same things with the same
// engine.EINVALID.

// EncodeStored checks that stmts are ready to be stored and returns each
// as the JSON document a store keeps. Ready means stamped (stored set),
// with a UUID id, a registration that is a UUID if there is one, and at
// most MaxStatementBytes of JSON. The stored time in the document is
// rounded down to the microsecond, the precision every store keeps, so
// that the document agrees with the column since, until and paging use.
// stmts are not changed. engine.EINVALID names the statement at fault by
// its position in the batch.
func EncodeStored(stmts []xapi.Statement) ([]string, error) {
	docs := make([]string, len(stmts))
	// One buffer for the batch, from encodeBuffers: each document is
	// copied out by string(b), so the buffer is scratch, and a new one per
	// call would be a third of what a statement's encoding allocates.
	bp := encodeBuffers.Get().(*[]byte)
	defer putEncodeBuffer(bp)
	buf := *bp
	for i := range stmts {
		st := &stmts[i]
		switch {
		case !xapi.IsUUID(st.ID):
			return nil, engine.FieldError(batchField(i)+".id", "%q is not a UUID", st.ID)
		case st.Stored == nil:
			return nil, engine.FieldError(batchField(i)+".stored", "is missing: statements are stamped before they are stored")
		case st.Context != nil && st.Context.Registration != "" && !xapi.IsUUID(st.Context.Registration):
			return nil, engine.FieldError(batchField(i)+".context.registration", "%q is not a UUID", st.Context.Registration)
		}
		c := *st
		stored := StoredTime(*st.Stored)
		c.Stored = &stored
		// AppendJSON is json.Marshal's encoding, without its cost (issue 15).
		b, err := c.AppendJSON(buf[:0])
		if err != nil {
			return nil, &engine.Error{Code: engine.EINVALID, Field: batchField(i), Message: "cannot be encoded as JSON", Err: err}
		}
		if len(b) > MaxStatementBytes {
			return nil, engine.FieldError(batchField(i), "is %d bytes of JSON; the limit is %d bytes", len(b), MaxStatementBytes)
		}
		docs[i] = string(b)
		buf = b
		*bp = b
	}
	return docs, nil
}

// encodeBuffers holds EncodeStored's scratch buffers, sized for a typical
// statement so that the encoding rarely grows one.
var encodeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// putEncodeBuffer returns *bp to encodeBuffers unless a huge statement
// grew it: the pool would keep that memory for every later one.
func putEncodeBuffer(bp *[]byte) {
	if cap(*bp) > 64<<10 {
		return
	}
	*bp = (*bp)[:0]
	encodeBuffers.Put(bp)
}

// batchField names the i-th statement of a batch in an error; only errors pay
// for it.
func batchField(i int) string { return fmt.Sprintf("statements[%d]", i) }

// StoredTime is t as the stores keep it: UTC, to the microsecond.
func StoredTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// CheckAttachments checks that each attachment's SHA2 is the SHA-256 of
// its content; engine.EINVALID names the first that is not.
func CheckAttachments(atts []Attachment) error {
	for i, a := range atts {
		sum := sha256.Sum256(a.Content)
		if hex.EncodeToString(sum[:]) != strings.ToLower(a.SHA2) {
			return engine.FieldError(fmt.Sprintf("attachments[%d].sha2", i), "%q is not the SHA-256 of the content", a.SHA2)
		}
	}
	return nil
}

// Validate checks a client before it is stored: it needs a key and the
// hash of its secret.
func (c *StoredClient) Validate() error {
	if c.Key == "" || c.SecretHash == "" {
		return engine.FieldError("key", "an LRS client needs a key and a secret hash")
	}
	return nil
}

// Validate checks the filter's own values: a registration, if any, is a
// UUID.
func (f *StatementFilter) Validate() error {
	if f.Registration != "" && !xapi.IsUUID(f.Registration) {
		return engine.FieldError("registration", "%q is not a UUID", f.Registration)
	}
	return nil
}
