package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk/sdktest"
)

// TestPluginsListsBuiltinAndExternal installs the SDK's test plugin as an
// external "echo" type and checks that `lode plugins` shows it beside the
// built-ins with its version, protocol, digest, pin and state.
func TestPluginsListsBuiltinAndExternal(t *testing.T) {
	dir := t.TempDir()
	path, err := sdktest.BuildInto(dir, "../../sdk/internal/testplugin")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, filepath.Join(dir, "lode-content-echo")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "lode-content-echo"))
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	t.Setenv("LODE_PLUGIN_DIR", dir)

	for _, tc := range []struct{ name, pin, want string }{
		{"Unpinned", "", "echo       external  0.1.0    1         " + digest + "  no      ready"},
		{"Pinned", "echo=" + digest, "echo       external  0.1.0    1         " + digest + "  yes     ready"},
		{"WrongPin", "echo=" + strings.Repeat("0", 64), "refusing to run it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LODE_PLUGIN_SHA256", tc.pin)
			var out, logs strings.Builder
			err := run(t.Context(), []string{"plugins"}, &out, &logs)
			got := out.String()
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("lode plugins with pin %q:\n%s\nwant a line with %q", tc.pin, got, tc.want)
			}
			if err == nil && !strings.Contains(got, "quiz       built-in  ") {
				t.Errorf("no built-in quiz line:\n%s", got)
			}
			if unpinned := strings.Contains(logs.String(), "not pinned"); unpinned != (tc.pin == "") {
				t.Errorf("warned about the pin: %v, want %v:\n%s", unpinned, tc.pin == "", logs.String())
			}
		})
	}
}
