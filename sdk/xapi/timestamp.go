package xapi

import (
	"errors"
	"strings"
	"time"
)

// ParseTimestamp reads an xAPI timestamp and returns it in UTC, the time
// zone both versions have the LRS return (1.0.3 Data 4.5 "SHOULD* return
// the Timestamp in UTC", 2.0 converts). Precision is kept to the
// nanosecond; further digits are truncated.
//
// For V200 the text must be an RFC 3339 date-time:
// YYYY-MM-DDThh:mm:ss[.f...](Z|±hh:mm). For V103 it may be any ISO 8601
// combined date and time in the extended (2008-09-15T15:53:00.601+02:00) or
// basic (20080915T155300.601+0200) format, with seconds or a fraction
// optional, a decimal comma, an offset of ±hh or none (read as UTC). In both
// the offsets -00, -0000 and -00:00 ("unknown local offset") are rejected.
func ParseTimestamp(s string, v Version) (time.Time, error) {
	p := tsParser{s: s}
	t, err := p.parse(v)
	if err != nil {
		return time.Time{}, err
	}
	t = t.UTC()
	if t.Year() < 0 || t.Year() > 9999 {
		return time.Time{}, errors.New("is outside the years 0000 to 9999")
	}
	return t, nil
}

type tsParser struct {
	s   string
	pos int
}

var errTimestamp = errors.New("is not an ISO 8601 timestamp")

func (p *tsParser) parse(v Version) (time.Time, error) {
	strict := v == V200
	basic := len(p.s) > 4 && p.s[4] != '-'
	if strict && basic {
		return time.Time{}, errors.New("is not an RFC 3339 timestamp")
	}
	year, ok := p.digits(4)
	month, ok2 := p.sepDigits(basic, '-', 2)
	day, ok3 := p.sepDigits(basic, '-', 2)
	if !ok || !ok2 || !ok3 || !p.eatAny("Tt") {
		return time.Time{}, p.err(strict)
	}
	hour, ok := p.digits(2)
	min, ok2 := p.sepDigits(basic, ':', 2)
	if !ok || !ok2 {
		return time.Time{}, p.err(strict)
	}
	sec, nsec := 0, 0
	if p.peekSep(basic, ':') {
		if sec, ok = p.sepDigits(basic, ':', 2); !ok {
			return time.Time{}, p.err(strict)
		}
		if p.eat('.') || !strict && p.eat(',') {
			if nsec, ok = p.fraction(); !ok {
				return time.Time{}, p.err(strict)
			}
		}
	} else if strict {
		return time.Time{}, p.err(strict)
	}
	loc, err := p.zone(basic, strict)
	if err != nil {
		return time.Time{}, err
	}
	if p.pos != len(p.s) {
		return time.Time{}, p.err(strict)
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) ||
		hour > 23 || min > 59 || sec > 60 {
		return time.Time{}, errors.New("is not a valid date and time")
	}
	return time.Date(year, time.Month(month), day, hour, min, sec, nsec, loc), nil
}

func (p *tsParser) err(strict bool) error {
	if strict {
		return errors.New("is not an RFC 3339 timestamp")
	}
	return errTimestamp
}

func (p *tsParser) zone(basic, strict bool) (*time.Location, error) {
	if p.pos == len(p.s) {
		if strict {
			return nil, errors.New("has no time zone offset (RFC 3339 requires Z or ±hh:mm)")
		}
		return time.UTC, nil
	}
	if p.eatAny("Zz") {
		return time.UTC, nil
	}
	sign := p.s[p.pos]
	if sign != '+' && sign != '-' {
		return nil, p.err(strict)
	}
	p.pos++
	start := p.pos
	hh, ok := p.digits(2)
	if !ok {
		return nil, p.err(strict)
	}
	mm := 0
	switch {
	case p.eat(':'):
		if mm, ok = p.digits(2); !ok {
			return nil, p.err(strict)
		}
	case strict:
		return nil, p.err(strict)
	case p.pos < len(p.s):
		if mm, ok = p.digits(2); !ok {
			return nil, p.err(strict)
		}
	}
	if hh > 23 || mm > 59 {
		return nil, errors.New("has an invalid time zone offset")
	}
	if sign == '-' && hh == 0 && mm == 0 {
		return nil, errors.New("has the offset " + p.s[start-1:p.pos] + " (unknown local offset); use Z or +00:00")
	}
	off := hh*3600 + mm*60
	if sign == '-' {
		off = -off
	}
	return time.FixedZone("", off), nil
}

func (p *tsParser) digits(n int) (int, bool) {
	if p.pos+n > len(p.s) {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		c := p.s[p.pos+i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	p.pos += n
	return v, true
}

// sepDigits reads sep (extended format only) then n digits.
func (p *tsParser) sepDigits(basic bool, sep byte, n int) (int, bool) {
	if !basic && !p.eat(sep) {
		return 0, false
	}
	return p.digits(n)
}

// peekSep reports whether seconds follow.
func (p *tsParser) peekSep(basic bool, sep byte) bool {
	if basic {
		return p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9'
	}
	return p.pos < len(p.s) && p.s[p.pos] == sep
}

func (p *tsParser) fraction() (int, bool) {
	start := p.pos
	ns, scale := 0, 100000000
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		ns += int(p.s[p.pos]-'0') * scale
		scale /= 10
		p.pos++
	}
	return ns, p.pos > start
}

func (p *tsParser) eat(c byte) bool {
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *tsParser) eatAny(cs string) bool {
	if p.pos < len(p.s) && strings.IndexByte(cs, p.s[p.pos]) >= 0 {
		p.pos++
		return true
	}
	return false
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
