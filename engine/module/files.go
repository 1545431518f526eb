package module

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

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

// references returns the module-relative paths that a string of an
// object's configuration may name: the whole string, or the links and
// images of Markdown or HTML in it.
func references(s string) []string {
	out := []string{s}
	for _, re := range []*regexp.Regexp{markdownTarget, htmlTarget} {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
	}
	return out
}

// files finds the files of the module folder that its objects' configs
// name, the only files Lode serves from it. A named file of a kind modules
// may not carry is a warning: it would not be served.
func (d *decoder) files(root *os.Root, m *learning.Module, srcs []objectSource) []string {
	found := map[string]bool{}
	for i, o := range m.Objects {
		for _, s := range jsonStrings(o.Config) {
			for _, ref := range references(s) {
				rel, ok := moduleFile(root, ref)
				if !ok || found[rel] {
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

// moduleFile returns ref as a path inside the module folder, if it names
// a regular file there: not a URL, not outside the folder, not hidden.
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

// jsonStrings returns every string value in a JSON document.
func jsonStrings(raw json.RawMessage) []string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}
