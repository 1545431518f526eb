package pluginhost

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"slices"
	"sync"

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
	mu    sync.Mutex
	max   int
	size  int
	order *list.List // of *renderEntry, most recently used at the front
	items map[renderKey]*list.Element
}

type renderEntry struct {
	key  renderKey
	resp sdk.RenderResponse
	size int
}

func newRenderCache(max int) *renderCache {
	return &renderCache{max: max, order: list.New(), items: map[renderKey]*list.Element{}}
}

// get returns a copy of the render stored under k: callers may change
// what they are given without changing what the next caller gets.
func (c *renderCache) get(k renderKey) (*sdk.RenderResponse, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return copyRender(&e.Value.(*renderEntry).resp), true
}

func (c *renderCache) put(k renderKey, r *sdk.RenderResponse) {
	ent := &renderEntry{key: k, resp: *copyRender(r), size: renderSize(r)}
	if ent.size > c.max/8 {
		return // one huge render would push out many ordinary ones
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.items[k]; ok {
		c.size -= old.Value.(*renderEntry).size
		c.order.Remove(old)
	}
	c.items[k] = c.order.PushFront(ent)
	c.size += ent.size
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*renderEntry)
		c.order.Remove(last)
		delete(c.items, old.key)
		c.size -= old.size
	}
}

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
