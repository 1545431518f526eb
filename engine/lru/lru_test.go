package lru_test

import (
	"testing"

	"github.com/lode-elearning/lode/engine/lru"
)

func TestCache(t *testing.T) {
	c := lru.New[int](8*100, func(v []byte) int { return len(v) }) // room for eight
	page := make([]byte, 100)
	for i := range 8 {
		c.Put(i, page)
	}
	c.Get(0)       // 1 is now the least recently used
	c.Put(8, page) // pushes 1 out
	for i := range 9 {
		if _, ok := c.Get(i); ok != (i != 1) {
			t.Errorf("value %d kept: %v, want %v", i, ok, i != 1)
		}
	}
	t.Run("ReplacingKeepsTheSizeRight", func(t *testing.T) {
		for range 20 {
			c.Put(0, page) // the same key over and over pushes nothing out
		}
		for i := 2; i < 9; i++ {
			if _, ok := c.Get(i); !ok {
				t.Errorf("value %d was pushed out by replacing another", i)
			}
		}
	})
	t.Run("AHugeValueIsNotKept", func(t *testing.T) {
		c.Put(9, make([]byte, 101))
		if _, ok := c.Get(9); ok {
			t.Error("a value larger than an eighth of the cache was kept")
		}
		if _, ok := c.Get(2); !ok {
			t.Error("a value not kept pushed another out")
		}
	})
}
