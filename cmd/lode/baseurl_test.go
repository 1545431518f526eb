package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlite"
)

func TestPublicURL(t *testing.T) {
	tests := []struct{ baseURL, addr, want string }{
		{"", "127.0.0.1:18580", "http://127.0.0.1:18580"},
		{"", "[::]:8080", "http://localhost:8080"},
		{"", "0.0.0.0:8080", "http://localhost:8080"},
		{"", ":8080", "http://localhost:8080"},
		{"", "[::1]:8080", "http://[::1]:8080"},
		{"", "learn.example:80", "http://learn.example:80"},
		{"https://learn.library.example", "127.0.0.1:18580", "https://learn.library.example"},
	}
	for _, tt := range tests {
		if got := publicURL(config.Config{BaseURL: tt.baseURL}, tt.addr); got != tt.want {
			t.Errorf("publicURL(base_url %q, %s) = %q, want %q", tt.baseURL, tt.addr, got, tt.want)
		}
	}
}

// Without base_url, a server on 127.0.0.1:PORT says so in its log, warns
// once, and records statements whose IRIs carry that address, not
// localhost:8080.
func TestBaseURLUnsetUsesListenAddress(t *testing.T) {
	if _, err := lodeBinary(); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Addr, cfg.DataDir, cfg.ContentDir = "127.0.0.1:0", t.TempDir(), "../../content"
	log := &syncBuffer{}
	a, err := openApp(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close(context.Background()) })
	url := "http://" + a.addr()

	if !strings.Contains(log.String(), "msg=listening addr="+a.addr()+" url="+url+"\n") {
		t.Errorf("the log does not say it listens at %s:\n%s", url, log)
	}
	if n := strings.Count(log.String(), "base_url (LODE_BASE_URL) is not set"); n != 1 {
		t.Errorf("the unset base_url is warned about %d times, want once:\n%s", n, log)
	}

	// A learner reads the welcome page: its "completed" statement names
	// the page by the listened-on address.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	page := url + "/modules/reference-desk-basics/objects/welcome"
	resp, err := c.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	token, _ := doc.Find(`meta[name="lode-csrf"]`).Attr("content")
	req, _ := http.NewRequest(http.MethodPost, url+"/api/modules/reference-desk-basics/objects/welcome/events",
		strings.NewReader(`{"type":"complete"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", token)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mark as read: %d %s", resp.StatusCode, body)
	}
	db, err := sqlite.Open(t.Context(), filepath.Join(cfg.DataDir, "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts, _, err := db.Statements(t.Context(), lrs.StatementFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) == 0 {
		t.Fatal("no statement recorded")
	}
	for _, s := range stmts {
		if !strings.HasPrefix(s.Object.ID, url+"/") || s.Actor.Account == nil || s.Actor.Account.HomePage != url {
			t.Errorf("statement %s %s by %+v: want IRIs under %s", s.Verb.ID, s.Object.ID, s.Actor.Account, url)
		}
	}
}
