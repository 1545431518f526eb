package module

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
)

// Problem is one mistake in a module folder, written for the content author.
// File and Line locate it (Line is 0 only when the file could not be read at
// all); Field names the setting, e.g. "objects[2].config/questions/0/choices",
// where the part after "config" is the JSON pointer the content type reported.
//
// A Warning does not stop the module from loading: it says something could
// not be checked (a content type was unavailable), not that it is wrong.
type Problem struct {
	File    string
	Line    int
	Column  int
	Field   string
	Message string
	Warning bool
}

// String formats the problem the way compilers do, so editors can jump to it:
//
//	content/health/module.yaml:14:7: objects[2].config/questions/0/choices: a single-choice question needs exactly one correct choice
func (p Problem) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Column > 0 {
			s += ":" + strconv.Itoa(p.Column)
		}
	}
	s += ": "
	if p.Warning {
		s += "warning: "
	}
	if p.Field != "" {
		s += p.Field + ": "
	}
	return s + p.Message
}

// yamlLine finds the line in a yaml.v3 syntax error ("yaml: line 3: ...").
// yaml.v3 leaves the line out for errors on the first line, so no line
// means line 1. Its line is often where the enclosing block starts, or the
// line before, rather than the offending character: the message says so.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// syntaxProblem turns a yaml.v3 parse error into a Problem.
func syntaxProblem(file string, err error) Problem {
	const prefix = "YAML syntax error on this line or below it: "
	p := Problem{File: file, Line: 1, Message: prefix + err.Error()}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		if m[1] != "" {
			p.Line, _ = strconv.Atoi(m[1])
		}
		p.Message = prefix + m[2]
	}
	return p
}

// sortProblems orders problems by position so they read top to bottom.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Column < ps[j].Column
	})
}

// hasErrors reports whether any problem is more than a warning.
func hasErrors(ps []Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

// quote shortens a value for a message: authors need to recognise it, not
// read a whole paragraph back.
func quote(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) > max {
		s = string(r[:max]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
