package sdkconfig

import "sync"

// maxMemo bounds a Memo: a content type serves a fixed set of objects, so
// a few thousand configurations hold them all.
const maxMemo = 4096

// Memo keeps what configurations decode to, by their bytes. An object's
// configuration is the same on every Render and Handle, and decoding and
// checking it each time can be most of a content type's work. What Get
// returns is shared between calls: treat it as read-only.
//
//	var configs sdkconfig.Memo[*config]
//	cfg, err := configs.Get(req.Object.Config, loadConfig)
type Memo[T any] struct {
	mu sync.RWMutex
	m  map[string]T
}

// Get returns what raw decodes to, calling decode only for a
// configuration not seen yet. A decoding error is returned and not kept.
func (c *Memo[T]) Get(raw []byte, decode func([]byte) (T, error)) (T, error) {
	c.mu.RLock()
	v, ok := c.m[string(raw)]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := decode(raw)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxMemo {
		c.m = make(map[string]T) // start over: simpler than LRU, refills at once
	}
	c.m[string(raw)] = v
	return v, nil
}
