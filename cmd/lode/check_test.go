package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/config"
)

// lode check fails on the sample module with its video's name misspelt,
// naming the line of module.yaml to fix and the file meant.
func TestCheckReportsMissingMedia(t *testing.T) {
	if _, err := lodeBinary(); err != nil {
		t.Fatal(err)
	}
	line := 0
	content, dir := editedSample(t, func(yaml string) string {
		lines := strings.Split(yaml, "\n")
		for i, l := range lines {
			if strings.TrimSpace(l) == "src: media/check.webm" {
				lines[i], line = strings.Replace(l, "check.webm", "chek.webm", 1), i+1
			}
		}
		return strings.Join(lines, "\n")
	})
	if line == 0 {
		t.Fatal("the sample module no longer names media/check.webm")
	}
	cfg := config.Default()
	cfg.ContentDir = content
	var out bytes.Buffer
	err := check(context.Background(), cfg, &out)
	if err == nil {
		t.Fatalf("lode check passed a module whose video does not exist:\n%s", &out)
	}
	want := filepath.Join(dir, "module.yaml") + ":" + strconv.Itoa(line) + ":12: objects[1].config/src: media/chek.webm is not in the module folder; did you mean media/check.webm?"
	if !strings.Contains(out.String(), want+"\n") {
		t.Errorf("lode check printed\n%s\nwant the line\n%s", &out, want)
	}
}
