package authoring

import (
	"bytes"
	"strings"
	"testing"
)

func TestCheckUpload(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
	for name, c := range map[string]struct {
		file string
		data []byte
		want string // "" for accepted
	}{
		"PNG":          {"media/a.png", png, ""},
		"Captions":     {"media/a.en.vtt", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"), ""},
		"NotCaptions":  {"media/a.vtt", []byte("1\n00:00:00,000 --> 00:00:01,000\nHello\n"), "must start with WEBVTT"},
		"FakePNG":      {"media/a.png", []byte("<html><script>alert(1)</script>"), "is not a .png file: its content is text/html"},
		"Executable":   {"media/run.exe", []byte("MZ"), ".exe files cannot be uploaded"},
		"SVG":          {"media/a.svg", []byte("<svg/>"), ".svg files cannot be uploaded"},
		"Traversal":    {"../a.png", png, "is not a file path inside the module"},
		"DotFile":      {"media/.env", []byte("x"), "is not a file path inside the module"},
		"TooLargeText": {"notes.md", bytes.Repeat([]byte("a"), 1<<20+1), "may be at most 1 MiB"},
	} {
		t.Run(name, func(t *testing.T) {
			err := CheckUpload("media", c.file, c.data)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "media: ")):
				t.Fatalf("got %v, want an error on media saying %q", err, c.want)
			}
		})
	}
}
