package admin_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
)

// TestUnpublishedStayOutOfReloads: a reload (serve --watch) loads every
// module on disk; an unpublished one stays out, and publishing it again
// serves the version loaded last.
func TestUnpublishedStayOutOfReloads(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	if r := post(t, c, s.URL+"/admin/modules/copyright/unpublish", url.Values{"csrf_token": {token}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: status %d", r.StatusCode)
	}
	reloaded := []*learning.Module{
		{ID: "copyright", Title: "Copyright basics", Version: "3", License: "CC-BY-4.0"},
		{ID: "reference", Title: "Reference interviews", Version: "1", License: "CC0-1.0"},
	}
	served := s.server.Published(reloaded)
	if len(served) != 1 || served[0].ID != "reference" {
		t.Fatalf("a reload serves %v, want only reference", served)
	}
	if len(reloaded) != 2 {
		t.Fatalf("Published changed the loaded list: %v", reloaded)
	}
	s.catalog.Swap(served)
	if r := post(t, c, s.URL+"/admin/modules/copyright/publish", url.Values{"csrf_token": {token}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: status %d", r.StatusCode)
	}
	m, err := s.catalog.Module("copyright")
	if err != nil || m.Version != "3" {
		t.Fatalf("published again: %v, %v; want version 3, the one loaded last", m, err)
	}
}
