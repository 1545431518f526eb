package sdktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/xapi"
)

var (
	iriRE      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$`)
	langTagRE  = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)
	durationRE = regexp.MustCompile(`^P(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$`)
)

// interactionTypes are xAPI's cmi.interaction types.
var interactionTypes = map[string]bool{
	"true-false": true, "choice": true, "fill-in": true, "long-fill-in": true, "matching": true,
	"performance": true, "sequencing": true, "likert": true, "numeric": true, "other": true,
}

// CheckStatement checks the parts of a statement a content type writes
// against the xAPI rules the engine's LRS applies when it records the
// statement: the verb's IRI and display, the sub-activity's id suffix and
// definition, the result's score, duration and extensions, and the context
// extensions. It returns every problem found, joined; nil means none. The
// engine adds actor, id, timestamp and context and validates the whole
// statement again: a statement it refuses is reported as the content
// type's bug.
func CheckStatement(d sdk.StatementDraft) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !iriRE.MatchString(d.Verb.ID) {
		add("verb id %q is not an IRI", d.Verb.ID)
	}
	if len(d.Verb.Display) == 0 {
		add("verb %s has no display (a language map such as {\"en-US\": \"answered\"})", d.Verb.ID)
	}
	checkLanguageMap(add, "verb display", d.Verb.Display)
	if a := d.Activity; a != nil {
		if !strings.HasPrefix(a.IDSuffix, "/") || strings.ContainsAny(a.IDSuffix, " \t\n") {
			add("activity id suffix %q must start with / and contain no spaces", a.IDSuffix)
		}
		checkDefinition(add, a.Definition)
	}
	if r := d.Result; r != nil {
		checkResult(add, r)
	}
	checkExtensions(add, "context extensions", d.ContextExtensions)
	if err := xapi.ValidateDraft(d); err != nil {
		add("as the LRS would record it: %v", err)
	}
	return errors.Join(errs...)
}

type addFunc func(format string, args ...any)

func checkLanguageMap(add addFunc, what string, m map[string]string) {
	for tag, text := range m {
		if !langTagRE.MatchString(tag) {
			add("%s: %q is not a language tag", what, tag)
		}
		if text == "" {
			add("%s: the %s text is empty", what, tag)
		}
	}
}

func checkDefinition(add addFunc, raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	var def struct {
		Name, Description map[string]string
		Type              string
		InteractionType   string
		Extensions        json.RawMessage
	}
	if err := json.Unmarshal(raw, &def); err != nil {
		add("activity definition: %v", err)
		return
	}
	if def.Type != "" && !iriRE.MatchString(def.Type) {
		add("activity type %q is not an IRI", def.Type)
	}
	if def.InteractionType != "" && !interactionTypes[def.InteractionType] {
		add("interactionType %q is not one of xAPI's (choice, fill-in, true-false, ...)", def.InteractionType)
	}
	checkLanguageMap(add, "activity name", def.Name)
	checkLanguageMap(add, "activity description", def.Description)
	checkExtensions(add, "activity extensions", def.Extensions)
}

func checkResult(add addFunc, r *sdk.Result) {
	if s := r.Score; s != nil {
		if s.Scaled < -1 || s.Scaled > 1 {
			add("score: scaled %g is outside [-1, 1]", s.Scaled)
		}
		if s.Min > s.Max || s.Raw < s.Min || (s.Max != 0 && s.Raw > s.Max) {
			add("score: raw %g must be between min %g and max %g", s.Raw, s.Min, s.Max)
		}
	}
	if r.Duration != "" && (!durationRE.MatchString(r.Duration) || r.Duration == "P" || strings.HasSuffix(r.Duration, "T")) {
		add("duration %q is not an ISO 8601 duration such as PT1M30S", r.Duration)
	}
	checkExtensions(add, "result extensions", r.Extensions)
}

func checkExtensions(add addFunc, what string, raw json.RawMessage) {
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		add("%s must be a JSON object of IRI to value: %v", what, err)
		return
	}
	for k := range m {
		if !iriRE.MatchString(k) {
			add("%s: key %q is not an IRI", what, k)
		}
	}
}
