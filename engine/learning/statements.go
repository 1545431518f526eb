package learning

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// SessionIDExtension is cmi5's context extension for the session a
// statement was made in; reporting tools group statements by it.
const SessionIDExtension = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"

// CEHoursExtension carries a module's continuing-education hours on its
// completed statement, so an LRS report can total CE credit.
const CEHoursExtension = "https://lode.dev/xapi/extensions/ce-hours"

// statementBuilder completes content types' drafts into full statements:
// the engine, not the plugin, owns actor, context and timestamp; the LRS
// (Delivery.record) then gives them id, stored and authority.
type statementBuilder struct {
	d         *Delivery
	learner   *Learner
	module    *Module
	reg       *Registration
	sessionID string
	now       time.Time
}

func (d *Delivery) statementBuilder(l *Learner, m *Module, r *Registration, sessionID string, now time.Time) *statementBuilder {
	return &statementBuilder{d: d, learner: l, module: m, reg: r, sessionID: sessionID, now: now}
}

// Actor returns the xAPI agent for a learner: an account on this Lode, so
// the identity stays the same when the learner adds or changes an email,
// with their name only if d.ActorName.
func (d *Delivery) Actor(l *Learner) xapi.Agent {
	a := xapi.Agent{ObjectType: "Agent", Account: &xapi.Account{HomePage: d.BaseURL, Name: l.ID}}
	if d.ActorName {
		a.Name = l.Name
	}
	return a
}

func (b *statementBuilder) fromDrafts(ctx context.Context, ct ContentTypes, o *Object, drafts []sdk.StatementDraft) ([]xapi.Statement, error) {
	if len(drafts) == 0 {
		return nil, nil
	}
	desc, err := ct.Describe(ctx, o.Type)
	if err != nil {
		return nil, err
	}
	out := make([]xapi.Statement, 0, len(drafts))
	for i, dr := range drafts {
		s, err := b.fromDraft(o, desc, dr)
		if err == nil {
			err = s.Validate()
		}
		if err != nil {
			// The plugin produced a statement the LRS would refuse: a bug in
			// the content type, reported as such rather than stored broken.
			return nil, &engine.Error{Code: engine.EINTERNAL, Message: fmt.Sprintf("the %s content type produced an invalid statement #%d", o.Type, i+1), Err: err}
		}
		out = append(out, s)
	}
	return out, nil
}

func (b *statementBuilder) fromDraft(o *Object, desc *sdk.Description, dr sdk.StatementDraft) (xapi.Statement, error) {
	objectIRI := b.d.ObjectActivityID(b.module, o)
	moduleAct := b.moduleActivity()
	objectAct := xapi.Object{ObjectType: "Activity", ID: objectIRI, Definition: &xapi.ActivityDefinition{
		Name: map[string]string{b.lang(): o.Title}, Type: desc.ActivityType,
	}}
	target, err := xapi.DraftTarget(objectAct, dr)
	if err != nil {
		return xapi.Statement{}, err
	}
	parents, grouping := []xapi.Object{moduleAct}, []xapi.Object(nil)
	if dr.Activity != nil {
		parents, grouping = []xapi.Object{idOnly(objectAct)}, []xapi.Object{idOnly(moduleAct)}
	}
	ext, err := mergeExtensions(dr.ContextExtensions, map[string]any{SessionIDExtension: b.sessionID})
	if err != nil {
		return xapi.Statement{}, err
	}
	ca := &xapi.ContextActivities{Parent: idsOnly(parents), Grouping: grouping, Category: profileCategories(desc.Profiles)}
	return b.statement(xapi.DraftVerb(dr), target, xapi.DraftResult(dr.Result), ca, ext), nil
}

// profileCategories turns the xAPI profiles a content type follows into
// category activities, which is how profile-aware tools recognise them.
func profileCategories(profiles []string) []xapi.Object {
	var out []xapi.Object
	for _, p := range profiles {
		out = append(out, xapi.Object{ObjectType: "Activity", ID: p,
			Definition: &xapi.ActivityDefinition{Type: "http://adlnet.gov/expapi/activities/profile"}})
	}
	return out
}

// ModuleVersionExtension carries the module version a learner completed,
// passed or failed, in the context of those statements: a module may be
// edited while learners are midway, and a CE record names the version.
const ModuleVersionExtension = "https://lode.dev/xapi/extensions/module-version"

// MasteryScoreExtension is cmi5's context extension for the scaled score a
// learner had to reach, on passed and failed statements.
const MasteryScoreExtension = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"

// MoveOnCategory marks, as cmi5 does, the statements that satisfy (or
// fail) the module's completion rule, its moveOn criteria.
const MoveOnCategory = "https://w3id.org/xapi/cmi5/context/categories/moveon"

// moduleCompleted is the statement that records a module's completion: the
// record a CE certificate rests on.
func (b *statementBuilder) moduleCompleted() xapi.Statement {
	resExt, _ := json.Marshal(map[string]any{CEHoursExtension: b.module.CEHours})
	res := &xapi.Result{Completion: sdk.Bool(true), Duration: b.duration(), Extensions: resExt}
	return b.moveOn(xapi.Verb{ID: sdk.VerbCompleted.ID, Display: sdk.VerbCompleted.Display}, res, nil)
}

// moduleJudged is a scored module's passed or failed statement, with the
// deciding score (ModuleProgress.MasteryResult) when there is one.
func (b *statementBuilder) moduleJudged(passed bool, scaled *float64) xapi.Statement {
	verb := xapi.Verb{ID: sdk.VerbFailed.ID, Display: sdk.VerbFailed.Display}
	if passed {
		verb = xapi.Verb{ID: sdk.VerbPassed.ID, Display: sdk.VerbPassed.Display}
	}
	res := &xapi.Result{Success: sdk.Bool(passed), Duration: b.duration()}
	if scaled != nil {
		v := *scaled
		res.Score = &xapi.Score{Scaled: &v}
	}
	return b.moveOn(verb, res, map[string]any{MasteryScoreExtension: b.module.Completion.MasteryScore()})
}

// moveOn is a statement about the module as a whole that its completion
// rule decides: cmi5's moveOn category, the session and the version.
func (b *statementBuilder) moveOn(v xapi.Verb, res *xapi.Result, ext map[string]any) xapi.Statement {
	all := map[string]any{SessionIDExtension: b.sessionID, ModuleVersionExtension: b.module.Version}
	for k, val := range ext {
		all[k] = val
	}
	raw, _ := mergeExtensions(nil, all)
	ca := &xapi.ContextActivities{Category: []xapi.Object{{ObjectType: "Activity", ID: MoveOnCategory}}}
	return b.statement(v, b.moduleActivity(), res, ca, raw)
}

func (b *statementBuilder) duration() string { return isoDuration(b.now.Sub(b.reg.StartedAt)) }

func (b *statementBuilder) statement(v xapi.Verb, obj xapi.Object, res *xapi.Result, ca *xapi.ContextActivities, ext json.RawMessage) xapi.Statement {
	now := b.now
	return xapi.Statement{
		Actor: b.d.Actor(b.learner), Verb: v, Object: obj, Result: res,
		Context: &xapi.Context{
			Registration: b.reg.ID, ContextActivities: ca, Platform: "Lode",
			Language: b.lang(), Extensions: ext,
		},
		Timestamp: &now,
	}
}

func (b *statementBuilder) moduleActivity() xapi.Object {
	m := b.module
	return xapi.Object{ObjectType: "Activity", ID: b.d.ModuleActivityID(m), Definition: &xapi.ActivityDefinition{
		Name: map[string]string{b.lang(): m.Title}, Type: sdk.ActivityModule,
	}}
}

func (b *statementBuilder) lang() string {
	if b.module.Language != "" {
		return b.module.Language
	}
	return "en"
}

func idOnly(o xapi.Object) xapi.Object { return xapi.Object{ObjectType: "Activity", ID: o.ID} }

func idsOnly(os []xapi.Object) []xapi.Object {
	out := make([]xapi.Object, len(os))
	for i, o := range os {
		out[i] = idOnly(o)
	}
	return out
}

// mergeExtensions adds the engine's extensions to a plugin's JSON object.
func mergeExtensions(raw json.RawMessage, add map[string]any) (json.RawMessage, error) {
	m := map[string]any{}
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("context extensions must be a JSON object: %w", err)
		}
	}
	for k, v := range add {
		if v != "" {
			m[k] = v
		}
	}
	if len(m) == 0 {
		return nil, nil
	}
	return json.Marshal(m)
}

// isoDuration formats d as an ISO 8601 duration with hundredths of a
// second, as xAPI asks.
func isoDuration(d time.Duration) string {
	d = d.Round(10 * time.Millisecond)
	h := int(d.Hours())
	m := int(d.Minutes()) % 60
	s := (d % time.Minute).Seconds()
	return fmt.Sprintf("PT%dH%dM%gS", h, m, s)
}
