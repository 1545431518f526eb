package module

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/lode-elearning/lode/engine/learning"
)

// mediaTypes are the kinds of file a module may carry, and the type each
// is served as: what learning objects show and play. Nothing a browser
// runs (HTML, JavaScript, CSS) is among them. SVG is, since authors draw
// with it; it is served sandboxed, so a script inside never runs.
var mediaTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml",
	".webm": "video/webm", ".mp4": "video/mp4", ".m4v": "video/mp4", ".ogv": "video/ogg",
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg",
	".opus": "audio/ogg", ".wav": "audio/wav", ".flac": "audio/flac",
	".vtt": "text/vtt; charset=utf-8", ".srt": "text/plain; charset=utf-8",
	".pdf":   "application/pdf",
	".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
}

// MediaType returns the type a module file is served as, and false for a
// kind of file modules may not carry.
func MediaType(rel string) (string, bool) {
	t, ok := mediaTypes[strings.ToLower(path.Ext(rel))]
	return t, ok
}

// mediaKinds says which kinds of file MediaType allows, for messages.
const mediaKinds = "images, audio, video, captions (.vtt, .srt), PDF and fonts"

var (
	// markdownTarget finds link and image destinations: [text](target).
	markdownTarget = regexp.MustCompile(`\]\(\s*<?([^)\s>]+)`)
	// htmlTarget finds src and href attributes in HTML an author wrote.
	htmlTarget = regexp.MustCompile(`(?i)(?:src|href|poster)\s*=\s*["']([^"']+)["']`)
)

// reference is one module-relative path an object's configuration may
// name, and whether it certainly means a file.
type reference struct {
	path string
	// link is a Markdown or HTML link target, or a whole string that
	// looks like a media file name (media/check.webm): a path that must
	// exist. Other whole strings (titles, answers) name a file only if
	// one happens to be there.
	link bool
}

// references returns the module-relative paths that a string of an
// object's configuration may name: the whole string, or the links and
// images of Markdown or HTML in it.
func references(s string) []reference {
	out := []reference{{path: s, link: looksLikeFile(s)}}
	for _, re := range []*regexp.Regexp{markdownTarget, htmlTarget} {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			out = append(out, reference{path: m[1], link: true})
		}
	}
	return out
}

// looksLikeFile reports whether a whole string is a file name of a kind
// modules carry, with no spaces: what a src or url setting holds.
func looksLikeFile(s string) bool {
	_, media := MediaType(s)
	return media && !strings.ContainsFunc(s, unicode.IsSpace)
}

// files finds the files of the module folder that its objects' configs
// name, and its cover: the only files Lode serves from it. A named file of a kind modules
// may not carry is a warning: it would not be served. A link or file name
// that leads to no file is an error, reported where it was written.
func (d *decoder) files(root *os.Root, m *learning.Module, srcs []objectSource) []string {
	found := map[string]bool{}
	if m.Cover != "" { // checked when decoded: an image that is there
		found[m.Cover] = true
	}
	for i, o := range m.Objects {
		for _, s := range jsonStrings(o.Config) {
			for _, ref := range references(s.value) {
				rel, exists := moduleFile(root, ref.path)
				switch {
				case rel == "" || found[rel]:
					continue
				case !exists:
					if ref.link && i < len(srcs) {
						d.missing(root, srcs[i], i, s, ref.path, rel)
					}
					continue
				}
				if _, allowed := MediaType(rel); !allowed {
					if i < len(srcs) && srcs[i].config != nil {
						d.warnf(srcs[i].config, "config", "%s will not be served: modules may carry only %s", rel, mediaKinds)
					}
					continue
				}
				found[rel] = true
			}
		}
	}
	out := make([]string, 0, len(found))
	for rel := range found {
		out = append(out, rel)
	}
	slices.Sort(out)
	return out
}

// moduleFile returns ref as a path inside the module folder, or "" when it
// is not one (a URL, outside the folder, hidden, module.yaml itself), and
// whether a regular file is there.
func moduleFile(root *os.Root, ref string) (string, bool) {
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	rel := strings.TrimPrefix(ref, "./")
	if rel == "" || strings.Contains(rel, ":") || !fs.ValidPath(rel) || rel == "." || hasDotPart(rel) ||
		strings.EqualFold(rel, FileName) || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", false
	}
	fi, err := root.Stat(filepath.FromSlash(rel))
	return rel, err == nil && fi.Mode().IsRegular()
}

// jsonString is a string value in a JSON document and its JSON pointer.
type jsonString struct{ pointer, value string }

// jsonStrings returns every string value in a JSON document, ordered by
// pointer.
func jsonStrings(raw json.RawMessage) []jsonString {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []jsonString
	var walk func(ptr string, v any)
	walk = func(ptr string, v any) {
		switch v := v.(type) {
		case string:
			out = append(out, jsonString{ptr, v})
		case []any:
			for i, e := range v {
				walk(ptr+"/"+strconv.Itoa(i), e)
			}
		case map[string]any:
			for k, e := range v {
				walk(ptr+"/"+escapePointer(k), e)
			}
		}
	}
	walk("", v)
	slices.SortFunc(out, func(a, b jsonString) int { return strings.Compare(a.pointer, b.pointer) })
	return out
}
