package feed

import (
	"bytes"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
)

// The read form matches elements by namespace, so that a feed may use
// any prefix, and ignores every element it does not name.
type readFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"http://www.w3.org/2005/Atom id"`
	Title   string      `xml:"http://www.w3.org/2005/Atom title"`
	Updated string      `xml:"http://www.w3.org/2005/Atom updated"`
	Entries []readEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type readEntry struct {
	ID          string     `xml:"http://www.w3.org/2005/Atom id"`
	Title       string     `xml:"http://www.w3.org/2005/Atom title"`
	Summary     string     `xml:"http://www.w3.org/2005/Atom summary"`
	Updated     string     `xml:"http://www.w3.org/2005/Atom updated"`
	Links       []atomLink `xml:"http://www.w3.org/2005/Atom link"`
	Module      string     `xml:"https://lode-elearning.org/ns/feed/1 module"`
	Version     string     `xml:"https://lode-elearning.org/ns/feed/1 version"`
	License     string     `xml:"https://lode-elearning.org/ns/feed/1 license"`
	Attribution string     `xml:"https://lode-elearning.org/ns/feed/1 attribution"`
	SHA256      string     `xml:"https://lode-elearning.org/ns/feed/1 sha256"`
}

// Parse reads an Atom feed fetched from base; relative links resolve
// against it. Entries that are not Lode packages, or lack what an import
// needs, are left out, each with a reason in Skipped. EINVALID if data
// is not an Atom feed.
func Parse(data []byte, base *url.URL) (*Feed, error) {
	rf, err := decodeFeed(data)
	if err != nil {
		return nil, err
	}
	f := &Feed{ID: rf.ID, Title: strings.TrimSpace(rf.Title), Updated: parseTime(rf.Updated)}
	for i, re := range rf.Entries {
		e, err := re.entry(base)
		if err != nil {
			f.Skipped = append(f.Skipped, fmt.Sprintf("entry %d (%s): %v", i+1, strings.TrimSpace(re.Title), err))
			continue
		}
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

// decodeFeed decodes the root element, which must be Atom's <feed>.
func decodeFeed(data []byte) (*readFeed, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, engine.Errorf(engine.EINVALID, "the feed is not well-formed XML: %v", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if start.Name.Space != atomNS || start.Name.Local != "feed" {
			return nil, engine.Errorf(engine.EINVALID, "the document is not an Atom feed: its root element is <%s>, not <feed xmlns=%q>", start.Name.Local, atomNS)
		}
		var rf readFeed
		if err := dec.DecodeElement(&rf, &start); err != nil {
			return nil, engine.Errorf(engine.EINVALID, "the feed is not well-formed XML: %v", err)
		}
		return &rf, nil
	}
}

// entry checks what an import needs: a module, a version, a license, a
// package over http(s) and its SHA-256.
func (re readEntry) entry(base *url.URL) (Entry, error) {
	e := Entry{ID: strings.TrimSpace(re.ID), ModuleID: strings.TrimSpace(re.Module), Version: strings.TrimSpace(re.Version),
		Title: strings.TrimSpace(re.Title), Summary: strings.TrimSpace(re.Summary), License: strings.TrimSpace(re.License),
		Attribution: strings.TrimSpace(re.Attribution), Updated: parseTime(re.Updated), SHA256: strings.ToLower(strings.TrimSpace(re.SHA256))}
	switch {
	case e.ModuleID == "":
		return e, fmt.Errorf("no lode:module: not a Lode package")
	case e.Version == "":
		return e, fmt.Errorf("no lode:version")
	case e.License == "":
		return e, fmt.Errorf("no lode:license")
	case len(e.SHA256) != 64 || !isHex(e.SHA256):
		return e, fmt.Errorf("lode:sha256 %q is not a SHA-256 in hex", re.SHA256)
	}
	for _, l := range re.Links {
		switch l.Rel {
		case "enclosure":
			u, err := resolve(base, l.Href)
			if err != nil {
				return e, fmt.Errorf("the enclosure link: %v", err)
			}
			e.PackageURL = u
			if e.Length, err = strconv.ParseInt(l.Length, 10, 64); err != nil || e.Length <= 0 {
				return e, fmt.Errorf("the enclosure's length %q is not a positive number of bytes", l.Length)
			}
		case "alternate", "":
			if u, err := resolve(base, l.Href); err == nil {
				e.ModuleURL = u
			}
		}
	}
	if e.PackageURL == "" {
		return e, fmt.Errorf("no link rel=\"enclosure\" to the package")
	}
	return e, nil
}

// resolve makes href absolute against base, and refuses what is not
// http(s).
func resolve(base *url.URL, href string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", err
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%q is not an http or https address", href)
	}
	return u.String(), nil
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

// parseTime reads an RFC 3339 date; zero if it is not one, which only
// makes the listing less informative.
func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, strings.TrimSpace(s))
	return t
}
