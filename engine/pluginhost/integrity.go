package pluginhost

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
)

// verify checks that the executable exists and, when pinned, has the
// pinned digest. It runs before every start, not only the first: a binary
// replaced on disk is caught when the supervisor restarts it after a crash.
// It returns the executable's digest, "" for a built-in type, whose
// executable is Lode itself and needs no pin.
func verify(s Spec) (string, error) {
	f, err := os.Open(s.Path)
	if err != nil {
		return "", fmt.Errorf("content type %q: %w", s.Name, err)
	}
	defer f.Close()
	if s.Builtin && s.SHA256 == "" {
		return "", nil
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", fmt.Errorf("content type %q: reading %s: %w", s.Name, s.Path, err)
	}
	got := hex.EncodeToString(sum.Sum(nil))
	if s.SHA256 != "" && got != s.SHA256 {
		return got, fmt.Errorf("content type %q: %s has SHA-256 %s, but the configuration pins %s; refusing to run it", s.Name, s.Path, got, s.SHA256)
	}
	return got, nil
}

// warnUnpinned says how to pin an external plugin that runs unpinned: any
// binary dropped in the plugin folder under that name would run too.
func warnUnpinned(log *slog.Logger, s Spec, digest string) {
	if s.Builtin || s.SHA256 != "" {
		return
	}
	log.Warn("external content type is not pinned; pin it with plugin_sha256 in lode.yaml or LODE_PLUGIN_SHA256",
		"path", s.Path, "sha256", digest, "pin", s.Name+"="+digest)
}
