package sdkhtml_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lode-elearning/lode/sdk/sdkhtml"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

const base = "https://lode.test/modules/intro/media/"

func TestMarkdownCallouts(t *testing.T) {
	tests := []struct {
		name, src, kind, label, body string
	}{
		{"note", "> [!NOTE]\n> Read *this* first.", "note", "Note", "Read this first."},
		{"tip", "> [!TIP]\n> Use the index.", "tip", "Tip", "Use the index."},
		{"important", "> [!IMPORTANT]\n> Bring ID.", "important", "Important", "Bring ID."},
		{"warning", "> [!WARNING]\n> Fragile.", "warning", "Warning", "Fragile."},
		{"caution", "> [!CAUTION]\n> Hot.", "caution", "Caution", "Hot."},
		{"lower case marker", "> [!note]\n> Quiet.", "note", "Note", "Quiet."},
		{"marker in own paragraph", "> [!TIP]\n>\n> First.\n>\n> Second.", "tip", "Tip", "First.Second."},
		{"nested quote stays inside", "> [!NOTE]\n> Outer.\n>\n> > Inner.\n>\n> After.", "note", "Note", "Outer.Inner.After."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := sdktest.ParseHTML(t, string(sdkhtml.Markdown(tt.src, base)))
			asides := sdktest.FindAll(doc, "aside")
			if len(asides) != 1 {
				t.Fatalf("got %d asides, want 1", len(asides))
			}
			a := asides[0]
			if got, want := sdktest.Attr(a, "class"), "lode-callout lode-callout-"+tt.kind; got != want {
				t.Errorf("class = %q, want %q", got, want)
			}
			if got := sdktest.Attr(a, "role"); got != "note" {
				t.Errorf("role = %q, want note", got)
			}
			title := sdktest.FindAll(a, "strong")
			if len(title) == 0 || sdktest.Text(title[0]) != tt.label {
				t.Fatalf("visible label missing, want %q", tt.label)
			}
			body := strings.Join(strings.Fields(strings.TrimPrefix(sdktest.Text(a), tt.label)), "")
			if want := strings.Join(strings.Fields(tt.body), ""); body != want {
				t.Errorf("body = %q, want %q", body, want)
			}
		})
	}
}

func TestMarkdownNotCallouts(t *testing.T) {
	for _, src := range []string{"> plain quote", "> [!BOGUS]\n> text", "Text [!NOTE] inline"} {
		t.Run(src, func(t *testing.T) {
			doc := sdktest.ParseHTML(t, string(sdkhtml.Markdown(src, base)))
			if n := len(sdktest.FindAll(doc, "aside")); n != 0 {
				t.Errorf("got %d asides, want none", n)
			}
		})
	}
}

func TestMarkdownRebase(t *testing.T) {
	tests := []struct {
		name, src string
		tag       atom.Atom
		key, want string
	}{
		{"relative image", "![Map](images/map.png)", atom.Img, "src", base + "images/map.png"},
		{"relative link", "[Handout](docs/handout.pdf)", atom.A, "href", base + "docs/handout.pdf"},
		{"query kept", "![x](a.png?w=1&h=2)", atom.Img, "src", base + "a.png?w=1&h=2"},
		{"dot segments", "[x](./notes/../a.txt)", atom.A, "href", base + "a.txt"},
		{"absolute https", "[ALA](https://www.ala.org/)", atom.A, "href", "https://www.ala.org/"},
		{"protocol relative", "[x](//cdn.example.org/a.png)", atom.A, "href", "//cdn.example.org/a.png"},
		{"site rooted", "[x](/help)", atom.A, "href", "/help"},
		{"fragment", "[x](#part-2)", atom.A, "href", "#part-2"},
		{"mailto", "[x](mailto:ce@library.org)", atom.A, "href", "mailto:ce@library.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := sdktest.ParseHTML(t, string(sdkhtml.Markdown(tt.src, base)))
			els := sdktest.FindAll(doc, tt.tag.String())
			if len(els) != 1 {
				t.Fatalf("got %d <%s>, want 1", len(els), tt.tag)
			}
			if got := sdktest.Attr(els[0], tt.key); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
	t.Run("no base leaves relative", func(t *testing.T) {
		doc := sdktest.ParseHTML(t, string(sdkhtml.Markdown("![x](a.png)", "")))
		if got := sdktest.Attr(sdktest.FindAll(doc, "img")[0], "src"); got != "a.png" {
			t.Errorf("src = %q, want a.png", got)
		}
	})
	t.Run("attribute-like text untouched", func(t *testing.T) {
		got := string(sdkhtml.Markdown(`write href="x.html" in code`, base))
		if strings.Contains(got, base) {
			t.Errorf("text was rebased: %s", got)
		}
	})
}

func TestMarkdownSanitizes(t *testing.T) {
	hostile := map[string]string{
		"script tag":        "<script>alert(1)</script>",
		"script in block":   "<div>\n<script>alert(1)</script>\n</div>",
		"onerror":           `<img src="x.png" onerror="alert(1)">`,
		"onclick":           `<a href="a.html" onclick="alert(1)">x</a>`,
		"javascript link":   "[click](javascript:alert(1))",
		"javascript upper":  "[click](JaVaScRiPt:alert(1))",
		"javascript image":  "![x](javascript:alert(1))",
		"javascript ref":    "[click][r]\n\n[r]: javascript:alert(1)",
		"raw javascript a":  `<a href="javascript:alert(1)">x</a>`,
		"style attribute":   `<p style="position:fixed">x</p>`,
		"iframe":            `<iframe src="https://evil.example"></iframe>`,
		"data html url":     "[x](data:text/html;base64,PHNjcmlwdD4=)",
		"entity javascript": "[x](&#106;avascript:alert(1))",
	}
	for name, src := range hostile {
		t.Run(name, func(t *testing.T) {
			out := string(sdkhtml.Markdown(src, base))
			doc := sdktest.ParseHTML(t, out)
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				switch n.DataAtom {
				case atom.Script, atom.Iframe, atom.Style:
					t.Errorf("<%s> survived: %s", n.Data, out)
				}
				for _, a := range n.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if strings.HasPrefix(a.Key, "on") || a.Key == "style" ||
						strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:text") {
						t.Errorf("%s=%q survived on <%s>", a.Key, a.Val, n.Data)
					}
				}
			}
		})
	}
}

func TestMarkdownHeadings(t *testing.T) {
	tests := []struct {
		name, src string
		want      []atom.Atom
	}{
		{"h1 shifts all", "# A\n\n## B\n\n### C", []atom.Atom{atom.H2, atom.H3, atom.H4}},
		{"starting at h2 unchanged", "## A\n\n### B", []atom.Atom{atom.H2, atom.H3}},
		{"h6 stays h6", "# A\n\n###### F", []atom.Atom{atom.H2, atom.H6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []atom.Atom
			for n := range sdktest.ParseHTML(t, string(sdkhtml.Markdown(tt.src, base))).Descendants() {
				switch n.DataAtom {
				case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
					got = append(got, n.DataAtom)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("headings = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("heading %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestMarkdownTablesAndImages(t *testing.T) {
	doc := sdktest.ParseHTML(t, string(sdkhtml.Markdown("| Item | Cost |\n|:--|--:|\n| Book | 12 |\n\n![Cover](c.png)", base)))
	ths := sdktest.FindAll(doc, "th")
	if len(ths) != 2 || sdktest.Attr(ths[0], "align") != "left" || sdktest.Attr(ths[1], "align") != "right" {
		t.Errorf("table header cells lost alignment or are missing")
	}
	img := sdktest.FindAll(doc, "img")
	if len(img) != 1 || sdktest.Attr(img[0], "loading") != "lazy" || sdktest.Attr(img[0], "alt") != "Cover" {
		t.Errorf("image should keep alt and load lazily")
	}
}

func TestInline(t *testing.T) {
	tests := map[string]string{
		"Plain *words*": "Plain <em>words</em>",
		"One\n\nTwo":    "<p>One</p>\n<p>Two</p>",
		"<b>x</b> & y":  "x &amp; y",
	}
	for src, want := range tests {
		if got := string(sdkhtml.Inline(src, base)); got != want {
			t.Errorf("Inline(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestResolveURL(t *testing.T) {
	tests := []struct{ base, ref, want string }{
		{base, "intro.webm", base + "intro.webm"},
		{base, "media/../captions/en.vtt", base + "captions/en.vtt"},
		{base, "a b.pdf?x=1&y=2", base + "a%20b.pdf?x=1&y=2"},
		{base, "https://cdn.example.org/v.webm", "https://cdn.example.org/v.webm"},
		{base, "/shared/v.webm", "/shared/v.webm"},
		{base, "javascript:alert(1)", "javascript:alert(1)"},
		{base, "", ""},
		{"", "intro.webm", "intro.webm"},
	}
	for _, tt := range tests {
		if got := sdkhtml.ResolveURL(tt.base, tt.ref); got != tt.want {
			t.Errorf("ResolveURL(%q, %q) = %q, want %q", tt.base, tt.ref, got, tt.want)
		}
	}
}
