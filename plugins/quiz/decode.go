package quiz

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// Keys an author may write at each level of the configuration. schema.json
// lists the same keys; a test keeps the two in step.
var (
	configKeys   = []string{"intro", "passing_score", "max_attempts", "shuffle", "questions"}
	questionKeys = []string{"id", "type", "prompt", "points", "choices", "answer", "accepted", "case_sensitive", "feedback"}
	choiceKeys   = []string{"id", "text", "correct", "feedback"}
	feedbackKeys = []string{"correct", "incorrect"}
)

// reader decodes a configuration from generic JSON instead of straight into
// structs, so that every missing, mistyped or unknown field is reported with
// its JSON pointer at once; encoding/json stops at the first and names no
// pointer. A field with a problem keeps its zero value or default.
type reader struct {
	problems []sdk.Problem
}

// addf records a problem at ptr unless one is already recorded there or
// at a field containing it: a field of the wrong type would otherwise also
// be reported as missing, and a question that is not a mapping as lacking
// an id, a type and a prompt.
func (r *reader) addf(ptr, format string, args ...any) {
	for _, p := range r.problems {
		if p.Pointer == ptr || strings.HasPrefix(ptr, p.Pointer+"/") {
			return
		}
	}
	r.problems = append(r.problems, sdk.Problem{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// readConfig decodes the whole configuration; nil means nothing further can
// be checked (not JSON, or not an object).
func (r *reader) readConfig(raw json.RawMessage) *config {
	v, ok := r.decodeJSON(raw)
	if !ok {
		return nil
	}
	m := r.object("", v, configKeys)
	if m == nil {
		return nil
	}
	cfg := &config{
		Intro:        r.str(m, "", "intro"),
		PassingScore: r.number(m, "", "passing_score", defaultPassingScore),
		MaxAttempts:  r.integer(m, "", "max_attempts"),
		Shuffle:      r.boolean(m, "", "shuffle"),
	}
	for i, qv := range r.list(m, "", "questions") {
		cfg.Questions = append(cfg.Questions, r.readQuestion(fmt.Sprintf("/questions/%d", i), qv))
	}
	return cfg
}

// decodeJSON parses raw, reporting syntax errors by line and column.
func (r *reader) decodeJSON(raw json.RawMessage) (any, bool) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		r.addf("", "the quiz has no configuration; add a config with at least one question")
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil {
		if _, extra := dec.Token(); !errors.Is(extra, io.EOF) {
			err = errors.New("unexpected data after the configuration")
		}
	}
	if err != nil {
		r.addf("", "%s", sdkconfig.InvalidJSON(raw, err))
		return nil, false
	}
	return v, true
}

func (r *reader) readQuestion(ptr string, v any) question {
	m := r.object(ptr, v, questionKeys)
	q := question{Points: defaultPoints, written: map[string]bool{}}
	if m == nil {
		return q
	}
	for k, val := range m {
		q.written[k] = val != nil
	}
	q.ID = r.str(m, ptr, "id")
	q.Type = r.str(m, ptr, "type")
	q.Prompt = r.str(m, ptr, "prompt")
	q.Points = r.number(m, ptr, "points", defaultPoints)
	for i, cv := range r.list(m, ptr, "choices") {
		q.Choices = append(q.Choices, r.readChoice(fmt.Sprintf("%s/choices/%d", ptr, i), cv))
	}
	q.Answer = r.boolean(m, ptr, "answer")
	for i, av := range r.list(m, ptr, "accepted") {
		s, ok := av.(string)
		if !ok {
			r.addf(fmt.Sprintf("%s/accepted/%d", ptr, i), "must be text")
		}
		q.Accepted = append(q.Accepted, s)
	}
	q.CaseSensitive = r.boolean(m, ptr, "case_sensitive")
	if fv, ok := m["feedback"]; ok && fv != nil {
		fm := r.object(ptr+"/feedback", fv, feedbackKeys)
		q.Feedback = feedback{Correct: r.str(fm, ptr+"/feedback", "correct"), Incorrect: r.str(fm, ptr+"/feedback", "incorrect")}
	}
	return q
}

func (r *reader) readChoice(ptr string, v any) choice {
	m := r.object(ptr, v, choiceKeys)
	return choice{
		ID:       r.str(m, ptr, "id"),
		Text:     r.str(m, ptr, "text"),
		Correct:  r.boolean(m, ptr, "correct"),
		Feedback: r.str(m, ptr, "feedback"),
	}
}

// object returns v as an object, reporting it if it is not one and every
// key not in known, with a suggestion for likely typos.
func (r *reader) object(ptr string, v any, known []string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		r.addf(ptr, "must be a set of fields (a mapping), not %s", describe(v))
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(known, k) {
			r.addf(sdkconfig.Join(ptr, k), "%s", unknownField(k, known))
		}
	}
	return m
}

// str returns m[key] as text; a missing or null key gives "".
func (r *reader) str(m map[string]any, ptr, key string) string {
	v, ok := m[key]
	if !ok || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		r.addf(ptr+"/"+key, "must be text, not %s", describe(v))
	}
	return s
}

// number returns m[key] as a number, or def if it is missing or null.
func (r *reader) number(m map[string]any, ptr, key string, def float64) float64 {
	v, ok := m[key]
	if !ok || v == nil {
		return def
	}
	n, ok := v.(json.Number)
	if !ok {
		r.addf(ptr+"/"+key, "must be a number, not %s", describe(v))
		return def
	}
	f, err := n.Float64()
	if err != nil {
		r.addf(ptr+"/"+key, "%s is not a usable number", n)
		return def
	}
	return f
}

// integer returns m[key] as a whole number; missing or null gives 0.
func (r *reader) integer(m map[string]any, ptr, key string) int {
	f := r.number(m, ptr, key, 0)
	switch {
	case f != math.Trunc(f):
		r.addf(ptr+"/"+key, "must be a whole number, not %v", f)
		return 0
	case math.Abs(f) > math.MaxInt32:
		r.addf(ptr+"/"+key, "%v is too large", f)
		return 0
	}
	return int(f)
}

// boolean returns m[key] as true or false; missing or null gives false.
func (r *reader) boolean(m map[string]any, ptr, key string) bool {
	v, ok := m[key]
	if !ok || v == nil {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		r.addf(ptr+"/"+key, "must be true or false, not %s", describe(v))
	}
	return b
}

// list returns m[key] as a list; missing or null gives nil.
func (r *reader) list(m map[string]any, ptr, key string) []any {
	v, ok := m[key]
	if !ok || v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		r.addf(ptr+"/"+key, "must be a list, not %s", describe(v))
	}
	return l
}

// describe names the kind of a JSON value for messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "nothing (null)"
	case string:
		return fmt.Sprintf("the text %q", truncate(v, 40))
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprintf("%t", v)
	case []any:
		return "a list"
	default:
		return "a set of fields"
	}
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
