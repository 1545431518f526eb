package learning

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// Delivery is the service that delivers modules to learners: it renders
// objects through their content types, sends interactions to them, and
// records the resulting learner state and xAPI statements.
type Delivery struct {
	Modules  Modules
	Content  ContentTypes
	Learners LearnerStore
	Progress ProgressStore
	// LRS prepares Lode's own statements as it does a client's (id,
	// stored, authority); Progress stores them with the learner's state.
	LRS     *lrs.Service
	BaseURL string           // public URL; the root of activity IRIs and learner accounts
	Now     func() time.Time // for tests; time.Now when nil
	// ActorName puts the learner's name in their statements' actor.name
	// (statement_actor_name). Off, the account alone identifies them, so
	// that neither the statements table nor a remote LRS holds the name.
	ActorName bool
	// MediaURL is where an object's media are served from; nil: the
	// module's public media (/modules/ID/media/). The editor's preview
	// serves the draft's own.
	MediaURL func(m *Module) string
}

func (d *Delivery) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

// ModuleActivityID is the xAPI activity IRI of a module.
func (d *Delivery) ModuleActivityID(m *Module) string {
	return d.BaseURL + "/modules/" + m.ID
}

// ObjectActivityID is the xAPI activity IRI of an object.
func (d *Delivery) ObjectActivityID(m *Module, o *Object) string {
	return d.ModuleActivityID(m) + "/objects/" + o.ID
}

// lookup returns the module and object named, or engine.ENOTFOUND.
func (d *Delivery) lookup(moduleID, objectID string) (*Module, *Object, error) {
	m, err := d.Modules.Module(moduleID)
	if err != nil {
		return nil, nil, err
	}
	i := m.ObjectIndex(objectID)
	if i < 0 {
		return nil, nil, engine.Errorf(engine.ENOTFOUND, "module %q has no object %q", moduleID, objectID)
	}
	return m, &m.Objects[i], nil
}

// registration returns the learner's registration for m, creating it on
// first visit.
func (d *Delivery) registration(ctx context.Context, learnerID string, m *Module) (*Registration, error) {
	now := d.now()
	return d.Progress.EnsureRegistration(ctx, &Registration{
		ID: uuid.NewString(), LearnerID: learnerID, ModuleID: m.ID,
		CurrentObject: m.Objects[0].ID, StartedAt: now, UpdatedAt: now, StartedVersion: m.Version,
	})
}

// Open returns where the learner stands in a module, registering them on
// their first visit (it writes then; PeekProgress never writes).
func (d *Delivery) Open(ctx context.Context, learnerID, moduleID string) (*ModuleProgress, error) {
	m, err := d.Modules.Module(moduleID)
	if err != nil {
		return nil, err
	}
	reg, err := d.registration(ctx, learnerID, m)
	if err != nil {
		return nil, err
	}
	states, err := d.Progress.ObjectStates(ctx, reg.ID)
	if err != nil {
		return nil, err
	}
	return newModuleProgress(m, reg, states), nil
}

// PeekProgress is Open for looking only: a learner who never
// started the module gets an empty progress with a nil Registration, and
// nothing is written. The catalog uses it, so browsing creates no records.
func (d *Delivery) PeekProgress(ctx context.Context, learnerID, moduleID string) (*ModuleProgress, error) {
	m, err := d.Modules.Module(moduleID)
	if err != nil {
		return nil, err
	}
	reg, err := d.Progress.FindRegistration(ctx, learnerID, moduleID)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return newModuleProgress(m, nil, nil), nil
	} else if err != nil {
		return nil, err
	}
	states, err := d.Progress.ObjectStates(ctx, reg.ID)
	if err != nil {
		return nil, err
	}
	return newModuleProgress(m, reg, states), nil
}

// Unstarted is the progress of someone who has not started a module: a
// visitor who has written nothing yet, and so is no learner to Lode. It
// reads and writes nothing; View shows its objects as they first appear.
func (d *Delivery) Unstarted(moduleID string) (*ModuleProgress, error) {
	m, err := d.Modules.Module(moduleID)
	if err != nil {
		return nil, err
	}
	return newModuleProgress(m, nil, nil), nil
}

// ObjectView is one object rendered for one learner.
type ObjectView struct {
	Progress    *ModuleProgress
	Object      *Object
	Index       int    // position in the module, from 0
	ContentType string // == Object.Type
	HTML        string // the content type's fragment
	Assets      []string
	ClientState json.RawMessage
}

// View renders an object of p's module for the learner whose progress p
// is (from Open, or Unstarted for a visitor), and remembers it as the
// place to resume the module when p has a registration. The
// caller keeps p to show the page around the object, whether or not the
// object could be rendered. A step the module's sequencing keeps locked is
// EFORBIDDEN (see ModuleProgress.CheckOpen).
func (d *Delivery) View(ctx context.Context, p *ModuleProgress, objectID, locale string) (*ObjectView, error) {
	i := p.Module.ObjectIndex(objectID)
	if i < 0 {
		return nil, engine.Errorf(engine.ENOTFOUND, "module %q has no object %q", p.Module.ID, objectID)
	}
	o := &p.Module.Objects[i]
	if err := p.CheckOpen(o.ID); err != nil {
		return nil, err
	}
	view, err := d.render(ctx, p, o, locale)
	if err != nil {
		return nil, err
	}
	if p.Registration != nil && p.Registration.CurrentObject != o.ID {
		if err := d.Progress.SetCurrentObject(ctx, p.Registration.ID, o.ID); err != nil {
			return nil, err
		}
		p.Registration.CurrentObject = o.ID
	}
	return view, nil
}

func (d *Delivery) render(ctx context.Context, p *ModuleProgress, o *Object, locale string) (*ObjectView, error) {
	var registration string // none for a visitor (Unstarted)
	if p.Registration != nil {
		registration = p.Registration.ID
	}
	r, err := d.Content.Render(ctx, o.Type, &sdk.RenderRequest{
		Object: d.sdkObject(p.Module, o), State: p.States[o.ID].State, Locale: locale,
		Registration: registration,
	})
	if err != nil {
		return nil, err
	}
	return viewOf(p, o, r), nil
}

// viewOf is the view of o within p from what its content type rendered.
func viewOf(p *ModuleProgress, o *Object, r *sdk.RenderResponse) *ObjectView {
	return &ObjectView{
		Progress: p, Object: o, Index: p.Module.ObjectIndex(o.ID), ContentType: o.Type,
		HTML: r.HTML, Assets: r.Assets, ClientState: r.ClientState,
	}
}

func (d *Delivery) sdkObject(m *Module, o *Object) sdk.Object {
	return sdk.Object{
		ID: o.ID, ActivityID: d.ObjectActivityID(m, o), Title: o.Title, Config: o.Config,
		MediaBaseURL: d.mediaURL(m), Language: m.Language, ConfigVersion: o.TypeVersion,
	}
}

func (d *Delivery) mediaURL(m *Module) string {
	if d.MediaURL != nil {
		return d.MediaURL(m)
	}
	return "/modules/" + m.ID + "/media/"
}

// Interaction is one learner interaction to apply.
type Interaction struct {
	LearnerID string
	SessionID string // the secret session id; only PublicSessionID(SessionID) leaves the engine
	ModuleID  string
	ObjectID  string
	Event     sdk.Event
	Locale    string
	Rerender  bool // render the object again with its new state
}

// Outcome is what came of an interaction.
type Outcome struct {
	View            *ObjectView // the re-rendered object, when asked for
	FeedbackHTML    string
	Result          *sdk.Result
	Progress        *ModuleProgress
	ModuleCompleted bool // the module became complete with this interaction
}

// eventType is what an event's type may be: a short name, as content
// types declare them ("submit", "progress").
var eventType = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,63}$`)

// CheckEvent checks an event against the SDK's contract before a content
// type sees it: a named type, and data that is a JSON object (the form's
// fields), or none.
func CheckEvent(ev sdk.Event) error {
	switch data := bytes.TrimSpace(ev.Data); {
	case ev.Type == "":
		return engine.FieldError("type", "the event needs a type")
	case !eventType.MatchString(ev.Type):
		return engine.FieldError("type", "%q is not an event type: a name of letters, digits, '.', '-' and '_', such as \"submit\"", ev.Type)
	case len(data) > 0 && data[0] != '{' && string(data) != "null":
		return engine.FieldError("data", "must be a JSON object of the form's fields")
	}
	return nil
}

// maxConflictRetries bounds retries when two tabs interact with the same
// object at once; each retry re-reads the state and asks the plugin again,
// which is safe because content types are pure functions of their input.
// A short random pause before each retry keeps two racing tabs from
// colliding again in lockstep.
const maxConflictRetries = 5

// Interact sends one learner interaction to the object's content type and
// records the new learner state with the statements it produced, atomically.
// An interaction with a locked step is EFORBIDDEN and records nothing.
func (d *Delivery) Interact(ctx context.Context, in Interaction) (*Outcome, error) {
	m, o, err := d.lookup(in.ModuleID, in.ObjectID)
	if err != nil {
		return nil, err
	}
	if err := CheckEvent(in.Event); err != nil {
		return nil, err
	}
	learner, err := d.Learners.Learner(ctx, in.LearnerID)
	if err != nil {
		return nil, err
	}
	if err := d.checkOpen(ctx, learner.ID, m, o); err != nil {
		return nil, err
	}
	in.SessionID = PublicSessionID(in.SessionID)
	for attempt := 0; ; attempt++ {
		out, err := d.interactOnce(ctx, learner, m, o, in)
		if engine.ErrorCode(err) == engine.ECONFLICT && attempt < maxConflictRetries && errors.Is(err, ErrStateConflict) {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Duration(1+rand.IntN(4*(attempt+1))) * time.Millisecond):
			}
			continue
		}
		return out, err
	}
}

// checkOpen refuses a locked step before anything is written, not even
// the registration Open would make. Only a linear module has locked steps,
// so only there does it cost a read.
func (d *Delivery) checkOpen(ctx context.Context, learnerID string, m *Module, o *Object) error {
	if !m.Linear() {
		return nil
	}
	p, err := d.PeekProgress(ctx, learnerID, m.ID)
	if err != nil {
		return err
	}
	return p.CheckOpen(o.ID)
}

func (d *Delivery) interactOnce(ctx context.Context, learner *Learner, m *Module, o *Object, in Interaction) (*Outcome, error) {
	p, err := d.Open(ctx, learner.ID, m.ID)
	if err != nil {
		return nil, err
	}
	if err := p.CheckOpen(o.ID); err != nil {
		return nil, err // before the content type: nothing is recorded
	}
	old := p.States[o.ID]
	resp, err := d.Content.Handle(ctx, o.Type, &sdk.HandleRequest{
		Object: d.sdkObject(m, o), State: old.State, Event: in.Event, Locale: in.Locale,
		Registration: p.Registration.ID, SessionID: in.SessionID,
		Render: in.Rerender, // the view of the new state, in the same call
	})
	if err != nil {
		return nil, err
	}
	now := d.now()
	next := nextState(old, p.Registration.ID, o.ID, resp, now)
	sb := d.statementBuilder(learner, m, p.Registration, in.SessionID, now)
	stmts, err := sb.fromDrafts(ctx, d.Content, o, resp.Statements)
	if err != nil {
		return nil, err
	}
	if err := d.record(stmts); err != nil {
		return nil, err
	}
	p.States[o.ID] = *next
	p = newModuleProgress(m, p.Registration, mapValues(p.States))
	if err := d.Progress.RecordInteraction(ctx, next, stmts); err != nil {
		return nil, err
	}
	if !p.Done() && ObjectSatisfied(*next) && !ObjectSatisfied(old) {
		// Another interaction (another tab) may have satisfied the other
		// objects meanwhile, having read this one as not done: of the two,
		// the one that writes last sees both, so read again.
		if p, err = d.Open(ctx, learner.ID, m.ID); err != nil {
			return nil, err
		}
	}
	completed, err := d.complete(ctx, p, sb, now)
	if err != nil {
		return nil, err
	}
	out := &Outcome{FeedbackHTML: resp.FeedbackHTML, Result: resp.Result, Progress: p, ModuleCompleted: completed}
	if in.Rerender {
		if resp.View == nil {
			return nil, engine.Errorf(engine.EINTERNAL, "the %s content type was asked to render and did not", o.Type)
		}
		out.View = viewOf(p, o, resp.View)
	}
	return out, nil
}

// complete ends the registration once its module's completion rule
// decides: completed (with the module's completed statement, and passed
// where the rule has mastery), or failed when a mastery score was missed
// for good; it reports whether this call completed it. The store ends a
// registration once, so two interactions that both find the module done
// record one completion. Checking on every interaction, not only on the
// one that satisfies the last object, also completes a module whose
// completion a crash or an outage interrupted. A failed registration stays
// failed: its learner used up what the rule allowed.
func (d *Delivery) complete(ctx context.Context, p *ModuleProgress, sb *statementBuilder, now time.Time) (bool, error) {
	reg, rule := p.Registration, p.Module.Completion
	if reg.CompletedAt != nil || reg.FailedAt != nil || (!p.Done() && !p.Failed) {
		return false, nil
	}
	end := RegistrationEnd{At: now, Version: p.Module.Version, Failed: !p.Done()}
	var stmts []xapi.Statement
	if !end.Failed {
		stmts = append(stmts, sb.moduleCompleted())
	}
	if rule.Scored() {
		stmts = append(stmts, sb.moduleJudged(!end.Failed, p.MasteryResult()))
	}
	if err := d.record(stmts); err != nil {
		return false, err
	}
	won, err := d.Progress.CompleteRegistration(ctx, reg.ID, end, stmts)
	if err != nil || !won {
		return false, err
	}
	if end.Failed {
		reg.FailedAt = &now
		return false, nil
	}
	reg.CompletedAt, reg.CompletedVersion = &now, end.Version
	return true, nil
}

// record prepares Lode's own statements through the LRS, as it prepares a
// client's, before Progress stores them with the state they go with.
func (d *Delivery) record(stmts []xapi.Statement) error {
	_, err := d.LRS.Prepare(d.LRS.Engine(), stmts, xapi.V103, nil)
	return err
}

// nextState applies a plugin's response to the stored state. Completion
// and success only ever move forward from what the plugin reports: an
// object once completed stays completed.
func nextState(old ObjectState, regID, objectID string, resp *sdk.HandleResponse, now time.Time) *ObjectState {
	next := old
	next.RegistrationID, next.ObjectID, next.UpdatedAt = regID, objectID, now
	if resp.State != nil {
		next.State = resp.State
	}
	if r := resp.Result; r != nil {
		if r.Completion != nil && *r.Completion {
			next.Completed = true
		}
		if r.Success != nil {
			next.Success = r.Success
		}
		if r.Score != nil {
			s := r.Score.Scaled
			next.Scaled = &s
		}
	}
	return &next
}

func mapValues(m map[string]ObjectState) []ObjectState {
	out := make([]ObjectState, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	return out
}

// ErrStateConflict marks a version conflict on the object state, as
// opposed to a conflicting statement id, which retrying cannot fix; match
// it with errors.Is.
var ErrStateConflict = errors.New("object state changed meanwhile")

// StateConflict is the error a ProgressStore returns from RecordInteraction
// when the state's version changed since it was read.
func StateConflict(registrationID, objectID string) error {
	return &engine.Error{Code: engine.ECONFLICT, Field: "version", Message: fmt.Sprintf("the state of object %q in registration %s changed meanwhile", objectID, registrationID), Err: ErrStateConflict}
}

// sessionNamespace is the UUID namespace of public session ids.
var sessionNamespace = uuid.MustParse("6f1d4c55-3b0e-4c57-9f1a-7c0b8e2d9a41")

// PublicSessionID derives the session id that goes into statements (the
// cmi5 and video-profile session-id extensions) from the secret one in the
// cookie: a name-based UUID, stable for the session and not reversible, so
// the LRS never holds a credential.
func PublicSessionID(secret string) string {
	if secret == "" {
		return ""
	}
	return uuid.NewSHA1(sessionNamespace, []byte(secret)).String()
}
