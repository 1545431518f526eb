package module

import (
	"cmp"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
	"gopkg.in/yaml.v3"
)

// missing reports that object i's configuration names rel (written as ref,
// in the string s) and the module folder has no such file: a video that
// would never play, an image that would never show. It is reported where
// it was written: the line of module.yaml, or the line of the !file the
// text came from.
func (d *decoder) missing(root *os.Root, src objectSource, i int, s jsonString, ref, rel string) {
	field := fmt.Sprintf("objects[%d].config%s", i, s.pointer)
	msg := missingMessage(root, ref, rel)
	n := valueAt(src.config, s.pointer)
	if n == nil { // an alias or merge the pointer cannot follow
		n = cmp.Or(src.configKey, src.node)
	}
	if name := n.Value; n.ShortTag() == fileTag {
		// The text was inlined from a file: point into it.
		d.problems = append(d.problems, Problem{
			File:    filepath.Join(filepath.Dir(d.file), filepath.FromSlash(name)),
			Line:    lineOf(s.value, ref),
			Field:   field,
			Message: msg,
		})
		return
	}
	d.errorf(n, field, "%s", msg)
}

// missingCover reports that the module's cover, written as ref at n,
// names rel and the module folder has no such file: the catalog would show
// a broken image.
func (d *decoder) missingCover(n *yaml.Node, ref, rel string) {
	d.errorf(n, "cover", "%s", missingMessage(d.root, ref, rel))
}

// missingMessage says that ref, meaning rel, is not in the module folder,
// and which file the author probably meant.
func missingMessage(root *os.Root, ref, rel string) string {
	msg := rel + " is not in the module folder"
	if ref != rel {
		msg = fmt.Sprintf("%s names %s, which is not in the module folder", quote(ref), rel)
	}
	if alt := nearest(root, rel); alt != "" {
		msg += fmt.Sprintf("; did you mean %s?", alt)
	}
	return msg
}

// valueAt returns the node of config that a JSON pointer names, or nil.
func valueAt(config *yaml.Node, pointer string) *yaml.Node {
	n := config
	for tok := range strings.SplitSeq(strings.TrimPrefix(pointer, "/"), "/") {
		if n == nil || pointer == "" {
			break
		}
		n, _ = child(resolve(n), unescapePointer(tok))
	}
	return n
}

// lineOf returns the line of text on which ref first appears, from 1.
func lineOf(text, ref string) int {
	i := strings.Index(text, ref)
	if i < 0 {
		return 1
	}
	return strings.Count(text[:i], "\n") + 1
}

// nearest returns the file beside rel whose name rel most likely
// misspells (media/check.webm for media/chek.webm), or "".
func nearest(root *os.Root, rel string) string {
	dir, base := path.Split(rel)
	f, err := root.Open(filepath.FromSlash(cmp.Or(dir, ".")))
	if err != nil {
		return ""
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	if best := sdkconfig.Suggest(base, names); best != "" {
		return dir + best
	}
	return ""
}
