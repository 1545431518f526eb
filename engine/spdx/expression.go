package spdx

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// userRef is a license of one's own (LicenseRef-...), which the SPDX
// grammar allows beside listed ids.
var userRef = regexp.MustCompile(`^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$`)

// Check checks an SPDX license expression, such as CC-BY-4.0 or
// "MIT OR (Apache-2.0 WITH LLVM-exception)", and returns it with every id
// spelt as the list spells it. Its error names the first id that is not
// on the list and the listed id it most likely misspells:
//
//	"CC-BY-4" is not an SPDX license id; did you mean CC-BY-4.0?
func Check(expr string) (string, error) {
	p := &parser{tokens: tokenize(expr)}
	if len(p.tokens) == 0 {
		return "", errors.New("an empty license expression")
	}
	out, err := p.or()
	if err == nil && p.pos < len(p.tokens) {
		err = fmt.Errorf("unexpected %q in the license expression", p.tokens[p.pos])
	}
	if err != nil {
		return "", err
	}
	return out, nil
}

// tokenize splits an expression into parentheses and words.
func tokenize(expr string) []string {
	expr = strings.NewReplacer("(", " ( ", ")", " ) ").Replace(expr)
	return strings.Fields(expr)
}

type parser struct {
	tokens []string
	pos    int
}

func (p *parser) peek() string {
	if p.pos < len(p.tokens) {
		return p.tokens[p.pos]
	}
	return ""
}

func (p *parser) next() string {
	t := p.peek()
	p.pos++
	return t
}

// or and and parse operands joined by an operator, AND binding tighter.
func (p *parser) or() (string, error)  { return p.joined("OR", p.and) }
func (p *parser) and() (string, error) { return p.joined("AND", p.term) }

func (p *parser) joined(op string, operand func() (string, error)) (string, error) {
	first, err := operand()
	if err != nil {
		return "", err
	}
	parts := []string{first}
	for strings.EqualFold(p.peek(), op) {
		p.next()
		s, err := operand()
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " "+op+" "), nil
}

// term is a parenthesised expression or a license, optionally WITH an
// exception.
func (p *parser) term() (string, error) {
	if p.peek() == "(" {
		p.next()
		inner, err := p.or()
		if err != nil {
			return "", err
		}
		if p.next() != ")" {
			return "", errors.New("a ( in the license expression is never closed")
		}
		return "(" + inner + ")", nil
	}
	lic, err := p.license()
	if err != nil || !strings.EqualFold(p.peek(), "WITH") {
		return lic, err
	}
	p.next()
	exc := p.next()
	id, ok := exceptions.find(exc)
	if !ok {
		return "", notListed(exc, exceptions, "license exception")
	}
	return lic + " WITH " + id, nil
}

// license is a listed id, optionally followed by + (or any later
// version), or a LicenseRef.
func (p *parser) license() (string, error) {
	t := p.next()
	switch {
	case t == "" || t == "(" || t == ")" || isOperator(t):
		return "", fmt.Errorf("a license id is missing before %q", t)
	case userRef.MatchString(t):
		return t, nil
	}
	base, plus := strings.CutSuffix(t, "+")
	id, ok := licenses.find(base)
	if !ok {
		return "", notListed(base, licenses, "license")
	}
	if plus {
		id += "+"
	}
	return id, nil
}

func isOperator(t string) bool {
	for _, op := range []string{"AND", "OR", "WITH"} {
		if strings.EqualFold(t, op) {
			return true
		}
	}
	return false
}
