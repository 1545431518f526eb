package module

import (
	"context"
	"slices"
	"testing"
)

// Only the files a module's objects name are served; a named file of a
// kind modules may not carry is a warning, and never served.
func TestLoad_Files(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"module.yaml": `id: m
title: M
version: 0.1.0
objects:
  - id: a
    type: page
    title: A
    config:
      body: !file body.md
  - id: b
    type: video
    title: B
    config:
      src: ./media/clip.webm?v=2
      captions: [{src: media/clip.en.vtt}]
      poster: https://example.org/poster.png
      note: media/page.html
`,
		"body.md":           "![A desk](images/desk.svg)\n\n[the handout](handout.pdf#page=2) and <img src=\"images/photo.jpg\">",
		"images/desk.svg":   "<svg/>",
		"images/photo.jpg":  "jpg",
		"handout.pdf":       "pdf",
		"media/clip.webm":   "webm",
		"media/clip.en.vtt": "WEBVTT",
		"media/page.html":   "<script>steal()</script>",
		"notes.txt":         "not for learners",
		"images/unused.png": "png",
	})
	m, ps := Load(context.Background(), dir, nil)
	if m == nil {
		t.Fatalf("not loaded: %v", problemStrings(ps))
	}
	want := []string{"handout.pdf", "images/desk.svg", "images/photo.jpg", "media/clip.en.vtt", "media/clip.webm"}
	if !slices.Equal(m.Files, want) {
		t.Errorf("Files %q, want %q", m.Files, want)
	}
	if len(ps) != 1 || !ps[0].Warning || ps[0].Line != 14 {
		t.Fatalf("problems %v, want one warning for media/page.html at line 14", problemStrings(ps))
	}
	assertProblems(t, ps, dir+"/module.yaml:14:7: warning: config: media/page.html will not be served: modules may carry only "+mediaKinds)
}
