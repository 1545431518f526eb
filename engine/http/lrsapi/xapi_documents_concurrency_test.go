package lrsapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

var documentPaths = []string{"/activities/state", "/activities/profile", "/agents/profile"}

// TestDocumentPutConcurrency checks xAPI's optimistic concurrency on PUT,
// per resource and version: If-Match and If-None-Match as RFC 9110 says,
// and what a PUT without either gets.
func TestDocumentPutConcurrency(t *testing.T) {
	const old = `{"v":"old"}`
	cases := []struct {
		name    string
		paths   []string // nil: every document resource
		version string
		exists  bool
		header  map[string]string // "ETAG" is replaced by the stored document's
		want    int
	}{
		{"1.0.3 State may be overwritten without a precondition", documentPaths[:1], "1.0.3", true, nil, 204},
		{"2.0 State may not", documentPaths[:1], "2.0.0", true, nil, 409},
		{"State may be created without a precondition", documentPaths[:1], "1.0.3", false, nil, 204},
		{"2.0 State may be created without a precondition", documentPaths[:1], "2.0.0", false, nil, 204},
		{"1.0.3 profile needs a precondition to be created", documentPaths[1:], "1.0.3", false, nil, 400},
		{"2.0 profile does not", documentPaths[1:], "2.0.0", false, nil, 204},
		{"1.0.3 profile may not be overwritten without a precondition", documentPaths[1:], "1.0.3", true, nil, 409},
		{"2.0 profile may not be overwritten without a precondition", documentPaths[1:], "2.0.0", true, nil, 409},
		{"If-Match with the ETag", nil, "2.0.0", true, map[string]string{"If-Match": `"ETAG"`}, 204},
		{"If-Match with the ETag among others", nil, "1.0.3", true, map[string]string{"If-Match": `"aaaa", "ETAG"`}, 204},
		{"If-Match with a weak ETag", nil, "2.0.0", true, map[string]string{"If-Match": `W/"ETAG"`}, 412},
		{"If-Match with another ETag", nil, "2.0.0", true, map[string]string{"If-Match": `"1234"`}, 412},
		{"1.0.3 If-Match with another ETag", nil, "1.0.3", true, map[string]string{"If-Match": `"1234"`}, 412},
		{"If-Match on an absent document", nil, "2.0.0", false, map[string]string{"If-Match": `"1234"`}, 412},
		{"If-Match * on an absent document", nil, "2.0.0", false, map[string]string{"If-Match": `*`}, 412},
		{"If-Match *", nil, "2.0.0", true, map[string]string{"If-Match": `*`}, 204},
		{"If-None-Match * on an absent document", nil, "1.0.3", false, map[string]string{"If-None-Match": `*`}, 204},
		{"If-None-Match * on a document", nil, "2.0.0", true, map[string]string{"If-None-Match": `*`}, 412},
		{"1.0.3 If-None-Match * on a document", nil, "1.0.3", true, map[string]string{"If-None-Match": `*`}, 412},
	}
	l := newDocumentsLRS(t)
	for _, tc := range cases {
		paths := tc.paths
		if paths == nil {
			paths = documentPaths
		}
		for _, path := range paths {
			t.Run(tc.name+" "+path, func(t *testing.T) {
				q := documentQueryFor(path)
				etag := "none"
				if tc.exists {
					l.want(http.StatusNoContent, request{method: http.MethodPost, path: path, query: q, body: old})
					etag = sha1Hex(old)
				}
				header := map[string]string{}
				for k, v := range tc.header {
					header[k] = strings.ReplaceAll(v, "ETAG", etag)
				}
				const next = `{"v":"new"}`
				l.want(tc.want, request{method: http.MethodPut, path: path, query: q, version: tc.version, header: header, body: next})
				switch {
				case tc.want == http.StatusNoContent:
					wantBody(t, l, path, q, next)
				case tc.exists:
					wantBody(t, l, path, q, old)
				default:
					l.want(http.StatusNotFound, request{method: http.MethodGet, path: path, query: q})
				}
			})
		}
	}
}

// TestDocumentPostAndDeleteConcurrency checks If-Match on POST and DELETE,
// which xAPI 2.0 requires and 1.0.3 recommends.
func TestDocumentPostAndDeleteConcurrency(t *testing.T) {
	l := newDocumentsLRS(t)
	for _, version := range []string{"1.0.3", "2.0.0"} {
		for _, path := range documentPaths {
			t.Run(version+" "+path, func(t *testing.T) {
				q := documentQueryFor(path)
				const doc = `{"name":"first"}`
				l.want(http.StatusNoContent, request{method: http.MethodPost, path: path, query: q, version: version, body: doc})
				bad := map[string]string{"If-Match": `"1234"`}
				good := map[string]string{"If-Match": `"` + sha1Hex(doc) + `"`}

				l.want(http.StatusPreconditionFailed, request{method: http.MethodPost, path: path, query: q, version: version, header: bad, body: `{"name":"x"}`})
				l.want(http.StatusPreconditionFailed, request{method: http.MethodDelete, path: path, query: q, version: version, header: bad})
				l.want(http.StatusPreconditionFailed, request{method: http.MethodPost, path: path, query: q, version: version,
					header: map[string]string{"If-None-Match": "*"}, body: `{"name":"x"}`})
				wantBody(t, l, path, q, doc)

				l.want(http.StatusNoContent, request{method: http.MethodPost, path: path, query: q, version: version, header: good, body: `{"name":"second"}`})
				wantBody(t, l, path, q, `{"name":"second"}`)
				l.want(http.StatusPreconditionFailed, request{method: http.MethodDelete, path: path, query: q, version: version, header: good})
				good["If-Match"] = `"` + sha1Hex(`{"name":"second"}`) + `"`
				l.want(http.StatusNoContent, request{method: http.MethodDelete, path: path, query: q, version: version, header: good})
				l.want(http.StatusNotFound, request{method: http.MethodGet, path: path, query: q, version: version})
				l.want(http.StatusNoContent, request{method: http.MethodDelete, path: path, query: q, version: version})
			})
		}
	}
}

// TestConcurrentMerges checks that merges racing on one document lose
// nothing: each is applied to what the others stored.
func TestConcurrentMerges(t *testing.T) {
	l := newDocumentsLRS(t)
	q := documentQueryFor("/activities/state")
	const writers = 8
	var wg sync.WaitGroup
	codes := make(chan int, writers)
	for i := range writers {
		wg.Go(func() {
			rec := l.do(request{method: http.MethodPost, path: "/activities/state", query: q, body: fmt.Sprintf(`{"w%d": %d}`, i, i)})
			codes <- rec.Code
		})
	}
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != http.StatusNoContent {
			t.Fatalf("a merge answered %d", code)
		}
	}
	rec := l.want(http.StatusOK, request{method: http.MethodGet, path: "/activities/state", query: q})
	var doc map[string]int
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || len(doc) != writers {
		t.Fatalf("document %s, want the %d properties merged", rec.Body, writers)
	}
}
