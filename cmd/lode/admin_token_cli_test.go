package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/sqlite"
)

func TestAdminTokenCLI(t *testing.T) {
	dir := t.TempDir()
	token := func(args ...string) (string, error) {
		return runOnDir(t, dir, []string{"admin", "token", args[0]}, args[1:])
	}
	out, err := token("create", "-name", "State library registry", "-expires-days", "0")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`id:\s+(\S+)\nname:\s+State library registry\nexpires:\s+-\ntoken:\s+(lode_pat_\S+)\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("create printed:\n%s", out)
	}
	id, secret := m[1], m[2]
	db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(dir, "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	admins := &admin.Admins{Store: db}
	if _, err := admins.Authenticate(t.Context(), secret); err != nil {
		t.Fatalf("the token printed: %v", err)
	}
	if out, err := token("list"); err != nil || !strings.Contains(out, id) || strings.Contains(out, secret) {
		t.Fatalf("list: %v, want the id and never the token:\n%s", err, out)
	}
	if out, err := token("revoke", id); err != nil || !strings.Contains(out, "revoked "+id) {
		t.Fatalf("revoke: %q, %v", out, err)
	}
	if _, err := admins.Authenticate(t.Context(), secret); engine.ErrorCode(err) != engine.EUNAUTHORIZED {
		t.Fatalf("a revoked token: %v, want unauthorized", err)
	}
	log, err := db.AuditLog(t.Context(), 0, 10)
	if err != nil || len(log) != 2 || log[0].Action != "token.revoke" || log[1].Action != "token.create" || log[0].Actor != admin.CLI {
		t.Fatalf("audit log %+v, %v: want the creation and the revocation by the command line", log, err)
	}
	t.Run("Refused", func(t *testing.T) {
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"create"}, "name: is required"},
			{[]string{"create", "-name", strings.Repeat("x", 101)}, "name: must be at most 100 characters"},
			{[]string{"revoke"}, "give the id"},
			{[]string{"revoke", id}, "revoked already"},
			{[]string{"revoke", "0000000000000000"}, "no API token"},
			{[]string{"rotate"}, `unknown command "rotate"`},
			{[]string{"create", "-name", "x", "-expires-days", "-1"}, "expires_days: must be from 1 to"},
		} {
			if _, err := token(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("token %v: %v, want an error saying %q", c.args, err, c.want)
			}
		}
	})
}
