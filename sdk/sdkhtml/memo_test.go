package sdkhtml

import (
	"fmt"
	"testing"
)

func TestMarkdownMemo(t *testing.T) {
	src := "Hello **memo** ![x](img/a.png) <script>alert(1)</script>"
	first := Markdown(src, "/m/one/")
	if got := Markdown(src, "/m/one/"); got != first {
		t.Fatalf("memoized result differs:\n%s\n%s", first, got)
	}
	if _, ok := rendered.get("/m/one/\x00" + src); !ok {
		t.Fatal("result was not memoized")
	}
	// The media base is part of the key: the same text in another module
	// resolves its images against that module.
	if other := Markdown(src, "/m/two/"); other == first || other != render(src, "/m/two/") {
		t.Fatalf("another media base got %s", other)
	}
	if first != render(src, "/m/one/") {
		t.Fatal("memoized HTML differs from a fresh render")
	}
}

func TestMarkdownMemoIsBounded(t *testing.T) {
	for i := range maxMemo + 10 {
		Markdown(fmt.Sprintf("note %d", i), "")
	}
	rendered.mu.RLock()
	n := len(rendered.m)
	rendered.mu.RUnlock()
	if n > maxMemo {
		t.Fatalf("memo holds %d entries, more than %d", n, maxMemo)
	}
}

func BenchmarkMarkdown(b *testing.B) {
	src := "A patron says **I need a book on dogs.** What is the best [first reply](https://example.org)?"
	for b.Loop() {
		Markdown(src, "/m/")
	}
}
