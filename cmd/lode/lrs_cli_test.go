package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/sqlite"
)

// lrsCLI runs `lode lrs credentials ARGS` in process on the SQLite
// database of dir and returns what it printed.
func lrsCLI(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	return runOnDir(t, dir, []string{"lrs", "credentials", args[0]}, args[1:])
}

// runOnDir runs `lode COMMAND -config CONFIG ARGS` in process, with a
// configuration that keeps the SQLite database and data in dir, and
// returns what it printed.
func runOnDir(t *testing.T, dir string, command, args []string) (string, error) {
	t.Helper()
	config := filepath.Join(dir, "lode.yaml")
	if err := os.WriteFile(config, []byte("database_url: sqlite:"+filepath.Join(dir, "lode.db")+"\ndata_dir: "+dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	full := append(append(command, "-config", config), args...)
	err := run(t.Context(), full, &out, &errs)
	return out.String(), err
}

func TestLRSCredentialsCLI(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LODE_LRS_KEY", "conformance")
	t.Setenv("LODE_LRS_SECRET", "bootstrap-secret-for-tests")

	out, err := lrsCLI(t, dir, "create", "-label", "Moodle at Main Library", "-scope", "statements/write,statements/read")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`key:\s+(\S+)\nsecret:\s+(\S+)\nscopes:\s+statements/write statements/read\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("create printed:\n%s", out)
	}
	key, secret := m[1], m[2]

	db, err := sqlite.Open(t.Context(), "file:"+filepath.Join(dir, "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	creds := lrs.NewCredentials(db, lrs.CredentialsConfig{BaseURL: "http://localhost:8080"})
	if _, err := creds.Authenticate(t.Context(), key, secret); err != nil {
		t.Fatalf("the printed key and secret: %v", err)
	}

	out, err = lrsCLI(t, dir, "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "conformance ") || !strings.Contains(lines[2], key) ||
		!strings.Contains(lines[2], "Moodle at Main Library") || strings.Contains(out, secret) {
		t.Fatalf("list printed:\n%s", out)
	}

	if out, err = lrsCLI(t, dir, "revoke", key); err != nil || !strings.Contains(out, "revoked "+key) {
		t.Fatalf("revoke: %q, %v", out, err)
	}
	if _, err := creds.Authenticate(t.Context(), key, secret); engine.ErrorCode(err) != engine.EUNAUTHORIZED {
		t.Fatalf("after revoke: %v, want unauthorized", err)
	}
	if out, _ = lrsCLI(t, dir, "list"); !regexp.MustCompile(key + `.*\d{4}-\d\d-\d\d \d\d:\d\dZ\s*$`).MatchString(strings.TrimSpace(out)) {
		t.Fatalf("list after revoke shows no revocation date:\n%s", out)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"revoke", "no-such-key"}, "not found"},
		{[]string{"revoke", "conformance"}, "bootstrap client"},
		{[]string{"revoke"}, "give the key"},
		{[]string{"create", "-scope", "statements/delete"}, `"statements/delete" is not a scope`},
		{[]string{"rotate"}, `unknown command "rotate"`},
	} {
		if _, err := lrsCLI(t, dir, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want it to say %q", tc.args, err, tc.want)
		}
	}
}
