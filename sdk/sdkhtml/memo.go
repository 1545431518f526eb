package sdkhtml

import (
	"html/template"
	"sync"
)

// maxMemo bounds the memo: a plugin serves a fixed set of objects, so a
// few thousand entries hold all their author text; a learner's own text
// (a checklist note) must not grow it without bound.
const maxMemo = 4096

// memo maps Markdown (and its media base) to its sanitized HTML. When full
// it starts over: simpler than LRU, and the working set refills at once.
type memo struct {
	mu sync.RWMutex
	m  map[string]template.HTML
}

var rendered = &memo{m: map[string]template.HTML{}}

func (c *memo) get(key string) (template.HTML, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	h, ok := c.m[key]
	return h, ok
}

func (c *memo) put(key string, h template.HTML) {
	if len(key) > 64<<10 {
		return // large one-off text is not worth keeping
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxMemo {
		c.m = make(map[string]template.HTML, maxMemo)
	}
	c.m[key] = h
}
