package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/sqlite"
)

func TestAdminCreateCLI(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "password")
	if err := os.WriteFile(pw, []byte("correct horse battery\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	create := func(email, file string) (string, error) {
		return runOnDir(t, dir, []string{"admin", "create"}, []string{"-email", email, "-password-file", file})
	}
	out, err := create("Ada@Library.example", pw)
	if err != nil || !strings.Contains(out, "administrator ada@library.example created") {
		t.Fatalf("create: %q, %v", out, err)
	}
	t.Run("SignsIn", func(t *testing.T) {
		db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(dir, "lode.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		admins := &admin.Admins{Store: db}
		if _, err := admins.SignIn(t.Context(), "ada@library.example", "correct horse battery"); err != nil {
			t.Fatalf("sign in with the password given: %v", err)
		}
		if _, err := admins.SignIn(t.Context(), "ada@library.example", "wrong horse battery"); engine.ErrorCode(err) != engine.EUNAUTHORIZED {
			t.Fatalf("a wrong password: %v, want unauthorized", err)
		}
		log, err := db.AuditLog(t.Context(), 0, 10)
		if err != nil || len(log) != 1 || log[0].Actor != admin.CLI || log[0].Action != "admin.create" {
			t.Fatalf("audit log %+v, %v: want the creation by the command line", log, err)
		}
	})
	t.Run("PasswordFromStdin", func(t *testing.T) {
		var out bytes.Buffer
		args := []string{"create", "-config", filepath.Join(dir, "lode.yaml"), "-email", "bob@library.example"}
		if err := runAdmin(t.Context(), args, strings.NewReader("staple battery horse\n"), &out, &out); err != nil {
			t.Fatalf("create with the password on stdin: %v\n%s", err, &out)
		}
		if err := runAdmin(t.Context(), args, strings.NewReader(""), &out, &out); err == nil || !strings.Contains(err.Error(), "password: none given on standard input") {
			t.Fatalf("create with nothing on stdin: %v", err)
		}
	})
	t.Run("Role", func(t *testing.T) {
		out, err := runOnDir(t, dir, []string{"admin", "create"}, []string{"-email", "ann@library.example", "-role", "author", "-password-file", pw})
		if err != nil || !strings.Contains(out, "author ann@library.example created") {
			t.Fatalf("create an author: %q, %v", out, err)
		}
		_, err = runOnDir(t, dir, []string{"admin", "create"}, []string{"-email", "eve@library.example", "-role", "editor", "-password-file", pw})
		if err == nil || !strings.Contains(err.Error(), `-role: "editor" is not a role: use author, reviewer or administrator`) {
			t.Fatalf("an unknown role: %v", err)
		}
	})
	t.Run("Refused", func(t *testing.T) {
		short := filepath.Join(dir, "short")
		if err := os.WriteFile(short, []byte("short\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ email, file, want string }{
			{"ada@library.example", pw, "already an administrator"},
			{"not-an-email", pw, "email"},
			{"bob@library.example", short, "password: must be at least 12 characters"},
			{"bob@library.example", filepath.Join(dir, "absent"), "-password-file"},
		} {
			if _, err := create(c.email, c.file); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("create %s with %s: %v, want an error saying %q", c.email, filepath.Base(c.file), err, c.want)
			}
		}
	})
}
