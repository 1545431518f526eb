package sdktest_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/lode-elearning/lode/sdk/sdktest"
)

// TestBuildNamesTheBinaryAfterItsFolder builds ../internal/testplugin as
// "." from its own folder, as a plugin's package test would, and checks the
// binary runs (and, started by hand, refuses to serve).
func TestBuildNamesTheBinaryAfterItsFolder(t *testing.T) {
	t.Chdir("../internal/testplugin")
	p := &sdktest.Plugin{Pkg: "."}
	t.Cleanup(p.Remove)
	bin := p.Path(t)
	if filepath.Base(bin) != "testplugin" {
		t.Errorf("binary %s, want it named testplugin", bin)
	}
	if again, _ := p.Build(); again != bin {
		t.Errorf("second Build gave %s, want the first binary %s", again, bin)
	}
	if err := exec.Command(bin).Run(); err == nil {
		t.Error("the plugin served when started by hand")
	}
}
