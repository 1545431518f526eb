package web

import "github.com/lode-elearning/lode/engine/lru"

// pageCacheBytes bounds the rendered pages kept: some 3,000 pages of
// 10 KB, the recent views of the learners on the site.
const pageCacheBytes = 32 << 20

// cachedPages are the pages kept once rendered: the ones every learner
// loads over and over (the catalog, a step, a module's summary). A repeat
// view with the same data (see pageKey) then costs no template execution,
// and a 304 no render at all.
var cachedPages = map[string]bool{"catalog": true, "object": true, "summary": true}

// renderedPage is a page's bytes and its ETag. A kept page is never
// changed, so every request it answers may send the same bytes.
type renderedPage struct {
	body []byte
	etag string
}

type pageCache = lru.Cache[pageCacheKey, renderedPage]

func newPageCache(max int) *pageCache { return lru.New[pageCacheKey](max, pageSize) }

// pageSize is what a kept page costs: its bytes plus a fixed overhead for
// the key, the list element and the map slot.
func pageSize(p renderedPage) int { return 256 + len(p.body) + len(p.etag) }
