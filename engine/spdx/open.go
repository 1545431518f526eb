package spdx

import "strings"

// openLicenses are the licenses Lode shares in its feed: those that meet
// the Open Definition (opendefinition.org, for content) or the Open Source
// Definition (opensource.org, for code), as the licenses a library field
// uses for learning material. The list is short on purpose: a license not
// on it is kept out of the feed, which is the safe mistake to make.
//
// Creative Commons licenses with NonCommercial (NC) or NoDerivatives (ND)
// are not open by either definition, and are left out: a site that takes
// a module from a feed must be free to adapt it and to use it in paid
// continuing-education courses. docs/sharing.md says so.
var openLicenses = newList(`
	CC0-1.0 CC-PDDC PDDL-1.0
	CC-BY-1.0 CC-BY-2.0 CC-BY-2.5 CC-BY-3.0 CC-BY-3.0-US CC-BY-3.0-IGO CC-BY-4.0
	CC-BY-SA-1.0 CC-BY-SA-2.0 CC-BY-SA-2.5 CC-BY-SA-3.0 CC-BY-SA-3.0-IGO CC-BY-SA-4.0
	ODC-By-1.0 ODbL-1.0 OGL-UK-3.0 GFDL-1.3-only GFDL-1.3-or-later
	MIT Apache-2.0 BSD-2-Clause BSD-3-Clause ISC Unlicense 0BSD MPL-2.0
	GPL-3.0-only GPL-3.0-or-later LGPL-3.0-only LGPL-3.0-or-later
`)

// IsOpen reports whether a module under the license expression expr may
// be shared openly: every license it requires is on the open list (for
// "A OR B", one of them is enough; for "A AND B", both must be). An
// expression that does not check, a LicenseRef and an empty license are
// not open. An exception (WITH) only grants more, so it does not matter.
func IsOpen(expr string) bool {
	canonical, err := Check(expr)
	if err != nil {
		return false
	}
	e := &openEval{tokens: tokenize(canonical)}
	return e.or() && e.pos == len(e.tokens)
}

// openEval evaluates a checked expression, which Check has already
// parsed: its grammar needs no error handling here.
type openEval struct {
	tokens []string
	pos    int
}

func (e *openEval) peek() string {
	if e.pos < len(e.tokens) {
		return e.tokens[e.pos]
	}
	return ""
}

func (e *openEval) or() bool {
	open := e.and()
	for e.peek() == "OR" {
		e.pos++
		open = e.and() || open
	}
	return open
}

func (e *openEval) and() bool {
	open := e.term()
	for e.peek() == "AND" {
		e.pos++
		open = e.term() && open
	}
	return open
}

func (e *openEval) term() bool {
	t := e.peek()
	e.pos++
	if t == "(" {
		open := e.or()
		e.pos++ // the ")"
		return open
	}
	if e.peek() == "WITH" {
		e.pos += 2
	}
	_, ok := openLicenses.find(strings.TrimSuffix(t, "+"))
	return ok
}
