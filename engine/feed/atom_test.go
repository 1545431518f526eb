package feed

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
)

var sample = Entry{ID: "https://a.example/modules/rdb/versions/1.0.0", ModuleID: "rdb", Version: "1.0.0",
	Title: "Reference <Desk> & Basics", Summary: "An introduction.", License: "CC-BY-4.0",
	Attribution: "Written by the Lode contributors.", Updated: time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC),
	ModuleURL: "https://a.example/modules/rdb", PackageURL: "https://a.example/packages/rdb/1.0.0.zip",
	Length: 1234, SHA256: strings.Repeat("ab", 32)}

func TestWriteThenParse(t *testing.T) {
	var buf bytes.Buffer
	f := &Feed{ID: "https://a.example/feed.atom", Title: "Open modules", Updated: sample.Updated, Entries: []Entry{sample}}
	if err := Write(&buf, f, "Lode at a.example"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:lode="` + Namespace + `">`,
		`<link rel="enclosure" type="application/zip" href="https://a.example/packages/rdb/1.0.0.zip" length="1234">`,
		`<link rel="license" type="text/html" href="https://creativecommons.org/licenses/by/4.0/">`,
		`<rights>License: CC-BY-4.0. Written by the Lode contributors.</rights>`, `<lode:sha256>` + sample.SHA256} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the feed lacks %s:\n%s", want, &buf)
		}
	}
	base, _ := url.Parse(f.ID)
	got, err := Parse(buf.Bytes(), base)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 1 || got.Entries[0] != sample || got.Title != f.Title || len(got.Skipped) != 0 {
		t.Fatalf("read back %+v, want %+v", got, sample)
	}
}

func TestParseTolerates(t *testing.T) {
	doc := `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="https://lode-elearning.org/ns/feed/1" xmlns:other="urn:other">
 <title>Mixed</title><other:thing a="1"><nested/></other:thing>
 <entry><title>A blog post</title><id>urn:post</id></entry>
 <entry><title>Relative</title><x:module>rdb</x:module><x:version>2.0.0</x:version><x:license>MIT</x:license>
  <x:sha256>` + strings.Repeat("CD", 32) + `</x:sha256><link rel="enclosure" href="../packages/rdb/2.0.0.zip" length="10"/></entry>
 <entry><title>No length</title><x:module>m</x:module><x:version>1</x:version><x:license>MIT</x:license>
  <x:sha256>` + strings.Repeat("cd", 32) + `</x:sha256><link rel="enclosure" href="/p.zip"/></entry>
 <entry><title>Not http</title><x:module>m</x:module><x:version>1</x:version><x:license>MIT</x:license>
  <x:sha256>` + strings.Repeat("cd", 32) + `</x:sha256><link rel="enclosure" href="file:///etc/passwd" length="1"/></entry>
</feed>`
	base, _ := url.Parse("https://a.example/feeds/feed.atom")
	f, err := Parse([]byte(doc), base)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 1 || f.Entries[0].PackageURL != "https://a.example/packages/rdb/2.0.0.zip" || f.Entries[0].SHA256 != strings.Repeat("cd", 32) {
		t.Fatalf("entries %+v", f.Entries)
	}
	if len(f.Skipped) != 3 || !strings.Contains(f.Skipped[0], "not a Lode package") || !strings.Contains(f.Skipped[1], "length") || !strings.Contains(f.Skipped[2], "not an http") {
		t.Fatalf("skipped %q", f.Skipped)
	}
}

func TestParseRefuses(t *testing.T) {
	for name, c := range map[string]struct{ doc, msg string }{
		"NotXML":      {"this is not a feed", "not well-formed XML"},
		"Unclosed":    {`<feed xmlns="http://www.w3.org/2005/Atom"><entry>`, "not well-formed XML"},
		"RSS":         {`<rss version="2.0"><channel/></rss>`, "root element is <rss>"},
		"NoNamespace": {`<feed><title>x</title></feed>`, "not an Atom feed"},
		"HTML":        {`<!doctype html><html><body>Not found</body></html>`, "root element is <html>"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(c.doc), nil)
			if engine.ErrorCode(err) != engine.EINVALID || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("Parse = %v, want EINVALID saying %q", err, c.msg)
			}
		})
	}
}

func TestLicenseURLs(t *testing.T) {
	got := strings.Join(LicenseURLs("(MIT OR CC-BY-SA-4.0) AND OGL-UK-3.0 AND LicenseRef-Ours"), " ")
	want := strings.Join([]string{"https://opensource.org/license/mit", "https://creativecommons.org/licenses/by-sa/4.0/", "https://spdx.org/licenses/OGL-UK-3.0.html"}, " ")
	if got != want {
		t.Fatalf("LicenseURLs = %s\nwant %s", got, want)
	}
}
