package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/storetest"
)

// Two servers of one site (one PostgreSQL database, one content folder):
// what an administrator changes on one reaches the other within
// sync_interval, with no restart: publishing, an imported version and the
// embed allow-list.
func TestPublishReachesOtherServers(t *testing.T) {
	ctx := context.Background()
	db := storetest.PostgresDatabase(t)
	v1, v2 := exportVersion(t, "1.0.0"), exportVersion(t, "1.1.0")
	shared := config.Default()
	shared.ContentDir = t.TempDir()
	shared.DatabaseURL = db
	if err := importPackage(ctx, shared, v1, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	site := func(c *config.Config) {
		c.ContentDir, c.DatabaseURL = shared.ContentDir, db
		c.SecretKey = "0123456789abcdef0123456789abcdef-shared"
		c.SyncInterval = 50 * time.Millisecond
	}
	one, two := mustServe(t, site), mustServe(t, site)
	if _, err := (&admin.Admins{Store: one.app.store.admins}).Create(ctx, admin.CLI, "ada@library.example", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	a := signInAdmin(t, one.URL, "ada@library.example", "correct horse battery")

	a.post(t, "/admin/modules/reference-desk-basics/unpublish", http.StatusSeeOther)
	eventually(t, "the other server stops serving the unpublished module", func() bool {
		return moduleStatus(t, two.URL) == http.StatusNotFound
	})
	a.post(t, "/admin/modules/reference-desk-basics/publish", http.StatusSeeOther)
	eventually(t, "the other server serves the module published again", func() bool {
		return moduleStatus(t, two.URL) == http.StatusOK
	})
	if status, page := a.upload(t, v2); status != http.StatusSeeOther {
		t.Fatalf("import: %d\n%s", status, page)
	}
	eventually(t, "the other server serves the imported version 1.1.0", func() bool {
		m, err := two.app.catalog.Module("reference-desk-basics")
		return err == nil && m.Version == "1.1.0"
	})
	resp, err := a.client.PostForm(one.URL+"/admin/embed", url.Values{"csrf_token": {a.csrf}, "origins": {"https://library.example\nhttps://guides.library.example"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the embed allow-list: %d", resp.StatusCode)
	}
	want := []string{"https://library.example", "https://guides.library.example"}
	eventually(t, "the other server lets the new sites embed", func() bool {
		return slices.Equal(two.app.admin.EmbedSites.List(), want)
	})
}

// eventually waits, up to a generous bound that only a broken sync
// reaches, for cond to hold.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 15s: %s did not happen", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// moduleStatus is what an anonymous visitor gets for the sample module.
func moduleStatus(t *testing.T, base string) int {
	t.Helper()
	resp, err := http.Get(base + sampleModule)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
