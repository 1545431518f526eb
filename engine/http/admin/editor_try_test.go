package admin_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
)

// TestTryDraftWithProblems: a draft the module check refuses (here, one
// without objects yet) cannot be taken; its tryout shows the problems,
// as the preview does.
func TestTryDraftWithProblems(t *testing.T) {
	s := mustSite(t)
	files := authoring.Files{"module.yaml": []byte("id: empty\ntitle: Nothing yet\nversion: 0.1.0\nlicense: CC-BY-4.0\nobjects: []\n")}
	if _, err := s.server.Editor.Create(t.Context(), authoring.Actor{Email: "ada@library.example", Role: admin.RoleAdministrator}, "empty", files); err != nil {
		t.Fatal(err)
	}
	c := s.client(t)
	s.signIn(t, c, "ada@library.example", password)
	resp, err := c.Get(s.URL + "/admin/editor/empty/try")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "a module needs at least one object") || !strings.Contains(string(body), "fix them to preview it") {
		t.Fatalf("trying an empty draft: %d\n%s", resp.StatusCode, body)
	}
}
