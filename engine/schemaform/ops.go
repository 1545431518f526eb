package schemaform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// apply performs the array operation op ("add:questions",
// "remove:questions.2", "up:questions.2", "down:questions.2") on v and
// returns the id of the element to focus after re-rendering: the new
// item, the item that took a removed one's place, or the moved item's
// button, so that pressing it again moves the item further.
func (f *Form) apply(v any, op, prefix string) (any, string, error) {
	verb, path, _ := strings.Cut(op, ":")
	id := func(p string) string { return "sf-" + prefix + p }
	stale := fmt.Errorf("the button %q names no list item of this form; reload the page", op)
	if verb == "add" {
		var focus string
		v, err := edit(f.root, v, split(path), func(items *node, arr []any) ([]any, error) {
			focus = id(join(path, strconv.Itoa(len(arr))))
			return append(arr, emptyValue(items)), nil
		})
		if err != nil {
			return v, "", stale
		}
		return v, focus, nil
	}
	list, index, _ := cutLast(path)
	i, err := strconv.Atoi(index)
	if err != nil {
		return v, "", stale
	}
	var focus string
	v, err = edit(f.root, v, split(list), func(_ *node, arr []any) ([]any, error) {
		at := func(j int) string { return id(join(list, strconv.Itoa(j))) }
		switch {
		case i < 0 || i >= len(arr):
			return arr, stale
		case verb == "remove":
			arr = slices.Delete(arr, i, i+1)
			switch {
			case i < len(arr):
				focus = at(i)
			case i > 0:
				focus = at(i - 1)
			default:
				focus = id(list) + "~add"
			}
		case verb == "up" && i > 0:
			arr[i-1], arr[i] = arr[i], arr[i-1]
			focus = at(i-1) + "~up"
			if i-1 == 0 {
				focus = at(0) + "~down"
			}
		case verb == "down" && i < len(arr)-1:
			arr[i+1], arr[i] = arr[i], arr[i+1]
			focus = at(i+1) + "~down"
			if i+1 == len(arr)-1 {
				focus = at(i+1) + "~up"
			}
		default:
			return arr, stale
		}
		return arr, nil
	})
	if err != nil {
		return v, "", stale
	}
	return v, focus, nil
}

// edit applies fn to the array at the path segs below v (of node n),
// creating the objects and the array on the way when they were left out.
func edit(n *node, v any, segs []string, fn func(items *node, arr []any) ([]any, error)) (any, error) {
	if len(segs) == 0 {
		arr, ok := v.([]any)
		if n.kind != kindArray || (!ok && v != nil) {
			return v, errNoList
		}
		return fn(n.items, arr)
	}
	switch n.kind {
	case kindObject:
		obj, ok := v.(map[string]any)
		if !ok && v != nil {
			return v, errNoList
		}
		if obj == nil {
			obj = map[string]any{}
		}
		key := nameToKey.Replace(segs[0])
		i := slices.IndexFunc(n.props, func(p prop) bool { return p.key == key })
		if i < 0 {
			return v, errNoList
		}
		child, err := edit(n.props[i].node, obj[key], segs[1:], fn)
		if err != nil {
			return v, err
		}
		obj[key] = child
		return obj, nil
	case kindArray:
		arr, _ := v.([]any)
		i, err := strconv.Atoi(segs[0])
		if err != nil || i < 0 || i >= len(arr) {
			return v, errNoList
		}
		if arr[i], err = edit(n.items, arr[i], segs[1:], fn); err != nil {
			return v, err
		}
		return arr, nil
	}
	return v, errNoList
}

var errNoList = fmt.Errorf("no list there")

// emptyValue is a new item: an empty mapping whose inputs show their
// defaults, empty text, false; nil (an empty input) for anything else.
func emptyValue(n *node) any {
	switch n.kind {
	case kindObject:
		return map[string]any{}
	case kindArray:
		return []any{}
	case kindString:
		if len(n.enum) > 0 {
			return nil
		}
		return ""
	case kindBoolean:
		return false
	}
	return nil
}

// split cuts a path (a field name without prefix) into its segments.
func split(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

func cutLast(p string) (head, last string, ok bool) {
	i := strings.LastIndex(p, ".")
	if i < 0 {
		return "", p, p != ""
	}
	return p[:i], p[i+1:], true
}
