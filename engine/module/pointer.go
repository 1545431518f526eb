package module

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// locate returns the node to report a problem at, given a JSON pointer into
// an object's config; at is where the config itself was written. Mapping
// members are located at their key (the "choices:" line, not its first
// item). A pointer that leads nowhere, which is common because content
// types point at fields the author left out, stops at the nearest ancestor
// that exists.
func locate(at, config *yaml.Node, pointer string) *yaml.Node {
	if config == nil || !strings.HasPrefix(pointer, "/") {
		return at
	}
	n := config
	for _, tok := range strings.Split(pointer[1:], "/") {
		next, pos := child(resolve(n), unescapePointer(tok))
		if next == nil {
			return at
		}
		n, at = next, pos
	}
	return at
}

// child returns the member of a mapping or item of a list that tok names,
// and the node whose position stands for it.
func child(n *yaml.Node, tok string) (next, pos *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == tok {
				return n.Content[i+1], n.Content[i]
			}
		}
	case yaml.SequenceNode:
		i, err := strconv.Atoi(tok)
		if err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i]
		}
	}
	return nil, nil
}

// unescapePointer undoes escapePointer (RFC 6901: ~1 before ~0).
func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
