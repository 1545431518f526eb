package admin_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAdministratorsPage(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	add := func(email, pw string) int {
		return post(t, c, s.URL+"/admin/administrators", url.Values{"csrf_token": {token}, "email": {email}, "password": {pw}}).StatusCode
	}
	remove := func(email string) int {
		return post(t, c, s.URL+"/admin/administrators/remove", url.Values{"csrf_token": {token}, "email": {email}}).StatusCode
	}
	if got := add("bob@library.example", password); got != http.StatusSeeOther {
		t.Fatalf("add: status %d", got)
	}
	_, doc := get(t, c, s.URL+"/admin/administrators")
	if got := doc.Find("tbody tr").Length(); got != 2 {
		t.Fatalf("%d administrators listed, want 2", got)
	}
	t.Run("BadInputNamesTheField", func(t *testing.T) {
		resp, err := c.PostForm(s.URL+"/admin/administrators", url.Values{"csrf_token": {token}, "email": {"carol@library.example"}, "password": {"short"}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "password: must be at least 12 characters") {
			t.Fatalf("a short password: status %d\n%s", resp.StatusCode, body)
		}
	})
	if got := remove("bob@library.example"); got != http.StatusSeeOther {
		t.Fatalf("remove: status %d", got)
	}
	if got := remove("ada@library.example"); got != http.StatusConflict {
		t.Fatalf("removing the last administrator: status %d, want 409", got)
	}
}

func TestLRSCredentialsPage(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	resp, err := c.PostForm(s.URL+"/admin/lrs", url.Values{"csrf_token": {token}, "label": {"Moodle"}, "scope": {"statements/write"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: status %d", resp.StatusCode)
	}
	secret := between(string(body), "<dt>Secret</dt><dd><code>", "</code>")
	key := between(string(body), "<dt>Key</dt><dd><code>", "</code>")
	if secret == "" || key == "" {
		t.Fatalf("the new client's key and secret are not shown:\n%s", body)
	}
	creds := s.server.Credentials
	if _, err := creds.Authenticate(t.Context(), key, secret); err != nil {
		t.Fatalf("the shown key and secret: %v", err)
	}
	_, doc := get(t, c, s.URL+"/admin/lrs")
	if html, _ := doc.Html(); strings.Contains(html, secret) {
		t.Fatal("the list shows the secret again")
	}
	if r := post(t, c, s.URL+"/admin/lrs/revoke", url.Values{"csrf_token": {token}, "key": {key}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: status %d", r.StatusCode)
	}
	if _, err := creds.Authenticate(t.Context(), key, secret); err == nil {
		t.Fatal("a revoked client still authenticates")
	}
	if resp, doc := get(t, c, s.URL+"/admin/lrs"); resp.StatusCode != http.StatusOK || !strings.Contains(doc.Find("tbody").Text(), "Z") {
		t.Fatalf("the list after a revocation: status %d, no revocation time:\n%s", resp.StatusCode, doc.Find("tbody").Text())
	}
	t.Run("BadScope", func(t *testing.T) {
		r := post(t, c, s.URL+"/admin/lrs", url.Values{"csrf_token": {token}, "scope": {"everything"}})
		if r.StatusCode != http.StatusBadRequest {
			t.Fatalf("an unknown scope: status %d, want 400", r.StatusCode)
		}
	})
}

func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}

func TestImportRefusalNamesTheEntry(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	upload := func(size int) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf_token", token)
		fw, _ := mw.CreateFormFile("package", "m.zip")
		fw.Write(bytes.Repeat([]byte{'z'}, size))
		mw.Close()
		resp, err := c.Post(s.URL+"/admin/modules/import", mw.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, page := upload(100); status != http.StatusBadRequest || !strings.Contains(page, "package entry &#34;../evil.md&#34;: path traversal") {
		t.Fatalf("refused import: status %d\n%s", status, page)
	}
	if status, _ := upload(2 << 20); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("an upload over MaxUploadBytes: status %d, want 413", status)
	}
}

func TestAuditLog(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	for i := range 60 {
		verb := []string{"unpublish", "publish"}[i%2]
		post(t, c, s.URL+"/admin/modules/copyright/"+verb, url.Values{"csrf_token": {token}})
	}
	_, doc := get(t, c, s.URL+"/admin/audit")
	rows := doc.Find("tbody tr")
	if rows.Length() != 50 || !strings.Contains(rows.First().Text(), "module.publish") {
		t.Fatalf("first page: %d rows, first %q; want 50, newest (a publish) first", rows.Length(), rows.First().Text())
	}
	older, ok := doc.Find(`a[href^="/admin/audit?before="]`).Attr("href")
	if !ok {
		t.Fatal("no link to older entries")
	}
	_, doc = get(t, c, s.URL+older)
	if n := doc.Find("tbody tr").Length(); n != 12 {
		t.Fatalf("second page: %d rows, want 12 (60 changes, the administrator's creation and the draft's)", n)
	}
	resp, err := c.Get(s.URL + "/admin/audit.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	records, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("CSV: %v, %s", err, resp.Header.Get("Content-Type"))
	}
	if len(records) != 63 || strings.Join(records[0], ",") != "id,at,actor,action,target,details" ||
		records[62][3] != "admin.create" || records[1][2] != "ada@library.example" || records[1][5] != `{"version":"2"}` {
		t.Fatalf("CSV: %d records, header %v, first %v, last %v", len(records), records[0], records[1], records[len(records)-1])
	}
	if r, _ := get(t, c, s.URL+"/admin/audit?before=x"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("before=x: status %d, want 400", r.StatusCode)
	}
}

// TestAuditCSVFormulas: an email an administrator typed (= is allowed in
// one) cannot become a spreadsheet formula in the export.
func TestAuditCSVFormulas(t *testing.T) {
	s := mustSite(t)
	c := s.client(t)
	_, token := s.signIn(t, c, "ada@library.example", password)
	if r := post(t, c, s.URL+"/admin/administrators", url.Values{"csrf_token": {token}, "email": {"=sum@library.example"}, "password": {password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: status %d", r.StatusCode)
	}
	resp, err := c.Get(s.URL + "/admin/audit.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	records, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range records {
		for _, v := range r[:5] {
			if strings.HasPrefix(v, "=") {
				t.Fatalf("a cell starts a formula: %q", v)
			}
		}
	}
	if got := records[1][4]; got != "'=sum@library.example" {
		t.Fatalf("target %q, want the email behind a quote", got)
	}
}
