package web

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"reflect"
	"slices"
	"sync"

	"github.com/lode-elearning/lode/engine/i18n"
)

// pageKey names a rendered page: a SHA-256 of the locale, the page and
// every value its data holds, exported or not, followed through pointers,
// slices, maps and interfaces. A page's template set is fixed at start and
// its functions are pure, so the same key renders the same bytes: two
// learners, or two sessions of one (the data holds the session's CSRF
// token), or one learner before and after a step never share a key. ok is
// false for data the key cannot name for certain (a func, a channel, a map
// not keyed by strings, nesting deeper than maxKeyDepth); such a page is
// rendered every time.
func pageKey(locale, name string, data any) (k pageCacheKey, ok bool) {
	w := keyWriters.Get().(*keyWriter)
	defer func() {
		if cap(w.b) <= 1<<20 { // an odd huge page's buffer is not worth keeping
			keyWriters.Put(w)
		}
	}()
	w.b = w.b[:0]
	w.str(locale)
	w.str(name)
	if !w.value(reflect.ValueOf(data), 0) {
		return k, false
	}
	return sha256.Sum256(w.b), true
}

// keyWriters keep their buffers between requests: a page's data is tens
// of kilobytes written in pieces of a few bytes, hashed at once.
var keyWriters = sync.Pool{New: func() any { return new(keyWriter) }}

type pageCacheKey [sha256.Size]byte

// maxKeyDepth bounds how far pageKey follows the data: page data is a
// few levels of structs and lists, and a cycle would otherwise never end.
const maxKeyDepth = 16

var localeType = reflect.TypeFor[*i18n.Locale]()

// keyWriter writes values to b unambiguously: each with its kind, each
// string and list with its length, so that no two different values
// write the same bytes.
type keyWriter struct {
	b []byte
}

func (w *keyWriter) num(kind reflect.Kind, n uint64) {
	w.b = binary.BigEndian.AppendUint64(append(w.b, byte(kind)), n)
}

func (w *keyWriter) str(s string) {
	w.num(reflect.String, uint64(len(s)))
	w.b = append(w.b, s...)
}

func (w *keyWriter) value(v reflect.Value, depth int) bool {
	if depth > maxKeyDepth {
		return false
	}
	if v.Type() == localeType && !v.IsNil() { // its words are the template set's: the tag names them
		w.str(v.Elem().FieldByName("Tag").String()) // by field: loc is unexported, so no Interface()
		return true
	}
	switch v.Kind() {
	case reflect.Bool:
		var b uint64
		if v.Bool() {
			b = 1
		}
		w.num(reflect.Bool, b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.num(reflect.Int64, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.num(reflect.Uint64, v.Uint())
	case reflect.Float32, reflect.Float64:
		w.num(reflect.Float64, math.Float64bits(v.Float()))
	case reflect.String:
		w.str(v.String())
	case reflect.Pointer, reflect.Interface:
		return w.indirect(v, depth)
	case reflect.Struct:
		w.num(reflect.Struct, uint64(v.NumField()))
		for i := range v.NumField() {
			if !w.value(v.Field(i), depth+1) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		return w.list(v, depth)
	case reflect.Map:
		return w.mapValue(v, depth)
	case reflect.Func, reflect.Chan:
		w.num(v.Kind(), 0)
		return v.IsNil() // what a func does, or a channel holds, has no key
	default: // complex, unsafe pointer: not page data
		return false
	}
	return true
}

// indirect writes whether v is nil and, if not, what it holds; for an
// interface, the dynamic type too.
func (w *keyWriter) indirect(v reflect.Value, depth int) bool {
	if v.IsNil() {
		w.num(v.Kind(), 0)
		return true
	}
	w.num(v.Kind(), 1)
	if v.Kind() == reflect.Interface {
		w.str(v.Elem().Type().String())
	}
	return w.value(v.Elem(), depth+1)
}

func (w *keyWriter) list(v reflect.Value, depth int) bool {
	w.num(reflect.Slice, uint64(v.Len()))
	if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
		w.b = append(w.b, v.Bytes()...) // json.RawMessage
		return true
	}
	for i := range v.Len() {
		if !w.value(v.Index(i), depth+1) {
			return false
		}
	}
	return true
}

// mapValue writes a string-keyed map in key order, as templates range
// over it.
func (w *keyWriter) mapValue(v reflect.Value, depth int) bool {
	if v.Type().Key().Kind() != reflect.String {
		return false
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
	w.num(reflect.Map, uint64(len(keys)))
	for _, k := range keys {
		w.str(k.String())
		if !w.value(v.MapIndex(k), depth+1) {
			return false
		}
	}
	return true
}
