package feed

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
)

const atomNS = "http://www.w3.org/2005/Atom"

// The written form: encoding/xml writes prefixed names as given, so the
// Lode elements carry their prefix and the root declares it.
type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	LodeNS   string      `xml:"xmlns:lode,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Updated  string      `xml:"updated"`
	Author   atomPerson  `xml:"author"`
	Links    []atomLink  `xml:"link"`
	Entries  []atomEntry `xml:"entry"`
	Generate string      `xml:"generator,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Length string `xml:"length,attr,omitempty"`
	Title  string `xml:"title,attr,omitempty"`
}

type atomEntry struct {
	ID          string     `xml:"id"`
	Title       string     `xml:"title"`
	Summary     string     `xml:"summary,omitempty"`
	Updated     string     `xml:"updated"`
	Rights      string     `xml:"rights,omitempty"`
	Links       []atomLink `xml:"link"`
	Module      string     `xml:"lode:module"`
	Version     string     `xml:"lode:version"`
	License     string     `xml:"lode:license,omitempty"`
	Attribution string     `xml:"lode:attribution,omitempty"`
	SHA256      string     `xml:"lode:sha256"`
}

// Write writes f as an Atom feed. site names the publishing site (the
// feed's author, which Atom requires); self is the feed's own address.
func Write(w io.Writer, f *Feed, site string) error {
	out := atomFeed{NS: atomNS, LodeNS: Namespace, ID: f.ID, Title: f.Title, Updated: stamp(f.Updated),
		Author: atomPerson{Name: site}, Generate: "Lode",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: f.ID}}}
	for _, e := range f.Entries {
		out.Entries = append(out.Entries, writeEntry(e))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return enc.Close()
}

func writeEntry(e Entry) atomEntry {
	links := []atomLink{{Rel: "enclosure", Type: "application/zip", Href: e.PackageURL, Length: strconv.FormatInt(e.Length, 10)}}
	if e.ModuleURL != "" {
		links = append(links, atomLink{Rel: "alternate", Type: "text/html", Href: e.ModuleURL})
	}
	for _, u := range LicenseURLs(e.License) {
		links = append(links, atomLink{Rel: "license", Type: "text/html", Href: u})
	}
	return atomEntry{ID: e.ID, Title: e.Title, Summary: e.Summary, Updated: stamp(e.Updated),
		Rights: rights(e.License, e.Attribution), Links: links, Module: e.ModuleID, Version: e.Version,
		License: e.License, Attribution: e.Attribution, SHA256: e.SHA256}
}

// rights is the entry's <rights>, for feed readers that know nothing of
// Lode: the license, then the attribution it asks to be kept.
func rights(license, attribution string) string {
	if attribution == "" {
		return "License: " + license
	}
	return "License: " + license + ". " + attribution
}

// LicenseURLs links each license of an SPDX expression to its text (RFC
// 4946's rel="license"): the deed the catalog links to when Lode knows
// it (learning.LicenseOf), else the license's page on the SPDX list.
func LicenseURLs(expr string) []string {
	var urls []string
	for _, t := range strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(expr)) {
		switch t {
		case "AND", "OR", "WITH":
			continue
		}
		switch id := strings.TrimSuffix(t, "+"); {
		case strings.HasPrefix(id, "LicenseRef-") || strings.HasSuffix(id, "-exception"):
		case learning.LicenseOf(id).URL != "":
			urls = append(urls, learning.LicenseOf(id).URL)
		default:
			urls = append(urls, "https://spdx.org/licenses/"+id+".html")
		}
	}
	return urls
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
