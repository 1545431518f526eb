package pluginhost

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"slices"

	"github.com/lode-elearning/lode/engine/lru"
	"github.com/lode-elearning/lode/sdk"
)

// DefaultRenderCacheBytes bounds the render cache when Config leaves it zero.
const DefaultRenderCacheBytes = 32 << 20

// renderKey names one render: which process of which content type made it
// and a SHA-256 of everything its RenderRequest holds. A content type's
// Render is a function of its request (unless it says VolatileRender), so
// two requests with the same key render the same fragment.
type renderKey [sha256.Size]byte

// renderCache keeps recent renders, least recently used first out once
// their size passes max. Safe for concurrent use.
type renderCache struct {
	c *lru.Cache[renderKey, *sdk.RenderResponse]
}

func newRenderCache(max int) *renderCache {
	return &renderCache{c: lru.New[renderKey](max, renderSize)}
}

// get returns a copy of the render stored under k: callers may change
// what they are given without changing what the next caller gets.
func (c *renderCache) get(k renderKey) (*sdk.RenderResponse, bool) {
	r, ok := c.c.Get(k)
	if !ok {
		return nil, false
	}
	return copyRender(r), true
}

func (c *renderCache) put(k renderKey, r *sdk.RenderResponse) { c.c.Put(k, copyRender(r)) }

func copyRender(r *sdk.RenderResponse) *sdk.RenderResponse {
	return &sdk.RenderResponse{HTML: r.HTML, Assets: slices.Clone(r.Assets), ClientState: slices.Clone(r.ClientState)}
}

// renderSize is what an entry costs: its bytes plus a fixed overhead for
// the key, the list element and the map slot.
func renderSize(r *sdk.RenderResponse) int {
	n := 256 + len(r.HTML) + len(r.ClientState)
	for _, a := range r.Assets {
		n += 16 + len(a)
	}
	return n
}

// keyOf is the key of req rendered by the process that started as
// generation gen of the content type name at version. Every field is
// written with its length so that no two requests share a key by
// shifting bytes from one field into the next.
func keyOf(name string, gen uint64, version string, req *sdk.RenderRequest) renderKey {
	h := sha256.New()
	field := func(b []byte) {
		writeLen(h, len(b))
		h.Write(b)
	}
	o := &req.Object
	for _, s := range []string{name, version, o.ID, o.ActivityID, o.Title, o.MediaBaseURL, o.Language, req.Locale, req.Registration} {
		field([]byte(s))
	}
	field(o.Config)
	field(req.State)
	writeLen(h, int(gen))
	writeLen(h, o.ConfigVersion)
	var k renderKey
	h.Sum(k[:0])
	return k
}

func writeLen(h hash.Hash, n int) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}
