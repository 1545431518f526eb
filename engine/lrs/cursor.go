package lrs

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/lode-elearning/lode/engine"
)

// Page sizes of statement listings.
const (
	DefaultPageLimit = 100
	MaxPageLimit     = 1000
)

// PageLimit turns a requested page size into the one to use: 0 means the
// default, and nothing exceeds the maximum.
func PageLimit(n int) (int, error) {
	switch {
	case n < 0:
		return 0, engine.FieldError("limit", "%d is negative", n)
	case n == 0:
		return DefaultPageLimit, nil
	}
	return min(n, MaxPageLimit), nil
}

// Cursor is the position after the last statement of a page: its stored
// time, in whatever unit the store keeps it, its sequence number, and the
// order of the listing. Being the whole position, it makes paging stateless:
// any server can answer the next page.
type Cursor struct {
	Asc    bool
	Stored int64
	Seq    int64
}

// String encodes the cursor opaquely for a `more` link.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s.%d.%d", direction(c.Asc), c.Stored, c.Seq))
}

func direction(asc bool) string {
	if asc {
		return "a"
	}
	return "d"
}

// ParseCursor decodes a cursor for a listing in the given order; engine.EINVALID
// for anything that is not a cursor of such a listing.
func ParseCursor(s string, asc bool) (Cursor, error) {
	bad := engine.FieldError("cursor", "is not a cursor from a previous page of this listing")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, bad
	}
	parts := strings.Split(string(b), ".")
	if len(parts) != 3 || parts[0] != direction(asc) {
		return Cursor{}, bad
	}
	c := Cursor{Asc: asc}
	if c.Stored, err = strconv.ParseInt(parts[1], 10, 64); err != nil {
		return Cursor{}, bad
	}
	if c.Seq, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
		return Cursor{}, bad
	}
	return c, nil
}
