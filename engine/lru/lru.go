// Package lru is a cache of recent values bounded by their total size:
// once the values it holds pass the bound, the least recently used go
// first. The plugin host keeps renders in one, the learner's pages their
// rendered pages.
package lru

import (
	"container/list"
	"sync"
)

// Cache holds values by key up to a total size. Safe for concurrent use;
// values are stored and returned as they are, so a caller that may change
// one must store or take a copy.
type Cache[K comparable, V any] struct {
	mu     sync.Mutex
	max    int
	size   int
	sizeOf func(V) int
	order  *list.List // of *entry[K, V], most recently used at the front
	items  map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key  K
	val  V
	size int
}

// New returns a cache of at most max, in the units sizeOf counts (bytes,
// with the overhead of an entry).
func New[K comparable, V any](max int, sizeOf func(V) int) *Cache[K, V] {
	return &Cache[K, V]{max: max, sizeOf: sizeOf, order: list.New(), items: map[K]*list.Element{}}
}

// Get returns the value stored under k and counts it as used.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*entry[K, V]).val, true
}

// Put stores v under k, replacing what was there, and drops the least
// recently used values while the total passes the bound. A value larger
// than an eighth of the bound is not kept: it would push out many
// ordinary ones.
func (c *Cache[K, V]) Put(k K, v V) {
	ent := &entry[K, V]{key: k, val: v, size: c.sizeOf(v)}
	if ent.size > c.max/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.items[k]; ok {
		c.size -= old.Value.(*entry[K, V]).size
		c.order.Remove(old)
	}
	c.items[k] = c.order.PushFront(ent)
	c.size += ent.size
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*entry[K, V])
		c.order.Remove(last)
		delete(c.items, old.key)
		c.size -= old.size
	}
}
