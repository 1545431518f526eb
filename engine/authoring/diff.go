package authoring

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Line is one line of a diff: Op is ' ' (in both), '-' (only in the
// older) or '+' (only in the newer).
type Line struct {
	Op   byte
	Text string
}

// FileDiff is how one file differs between two sets of files. Binary
// files (media) are not diffed line by line: Changed says whether their
// bytes differ.
type FileDiff struct {
	Path    string
	Binary  bool
	Changed bool
	Lines   []Line // only for text files
}

// Diff compares every file of a and b, by path; files in only one of them
// are all added or all removed.
func Diff(a, b Files) []FileDiff {
	var paths []string
	for p := range a {
		paths = append(paths, p)
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	out := make([]FileDiff, 0, len(paths))
	for _, p := range paths {
		x, y := a[p], b[p]
		d := FileDiff{Path: p, Changed: string(x) != string(y)}
		if !utf8.Valid(x) || !utf8.Valid(y) {
			d.Binary = true
		} else {
			d.Lines = DiffLines(splitLines(string(x)), splitLines(string(y)))
		}
		out = append(out, d)
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// maxCells bounds the table DiffLines fills (lines of a × lines of b):
// past it the two are shown as all removed then all added, which is
// still right, only less helpful.
const maxCells = 4 << 20

// DiffLines is a line diff of a and b: the longest common subsequence,
// kept, with what is around it removed or added. Module files are short,
// so the quadratic table is cheap; maxCells bounds it.
func DiffLines(a, b []string) []Line {
	if len(a)*len(b) > maxCells {
		return wholesale(a, b)
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, Line{' ', a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, Line{'-', a[i]})
			i++
		default:
			out = append(out, Line{'+', b[j]})
			j++
		}
	}
	return append(out, wholesale(a[i:], b[j:])...)
}

func wholesale(a, b []string) []Line {
	out := make([]Line, 0, len(a)+len(b))
	for _, s := range a {
		out = append(out, Line{'-', s})
	}
	for _, s := range b {
		out = append(out, Line{'+', s})
	}
	return out
}
