// Package devbench is the workbench page of `lode plugin dev`: the sample
// objects of the content type under development, the example module's
// problems, the last build's result, and a live log of its Handle calls:
// the content type's statement drafts, each judged by the LRS's rules, and
// the statements the engine recorded from them.
// Only the workbench mounts it; `lode serve` never does.
package devbench

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// keep is how many Handle calls the log holds: enough to scroll back
// through a session of trying things, bounded so memory stays small.
const keep = 100

// Call is one Handle call of the content type under development.
type Call struct {
	Seq          int
	At           time.Time
	Object       string // the object's id
	Registration string
	Event        sdk.Event
	StateBefore  json.RawMessage
	StateAfter   json.RawMessage
	Result       *sdk.Result
	Drafts       []Draft // the statements as the content type wrote them
	Feedback     string
	Err          string // the call's error, if it failed
	// Recorded are the statements the engine stored for the call (actor,
	// object, context, id, stored, authority filled in), with the
	// module's own when the call completed it; none if it refused them.
	Recorded []xapi.Statement
}

// Draft is one statement draft and, if the LRS's rules refuse the
// statement the engine would build from it, why: the engine then records
// nothing of the call and answers the learner with an error.
type Draft struct {
	sdk.StatementDraft
	Refused string
}

// Build is the outcome of the last `go build` of the content type.
type Build struct {
	At     time.Time
	OK     bool
	Output string // the compiler's output when it failed
}

// Bench holds what the workbench page shows. Its methods are safe for
// concurrent use: learners' requests record calls while the watcher
// records builds.
type Bench struct {
	Type string // the content type under development

	mu       sync.Mutex
	calls    []Call // oldest first, at most keep
	seq      int
	build    Build
	modules  []*learning.Module
	problems []string      // as compilers print them: file:line:col: message
	changed  chan struct{} // closed, and replaced, on each change
	done     chan struct{} // closed by Close: live streams end
	closed   bool
}

// New returns an empty bench for the content type named typ.
func New(typ string) *Bench {
	return &Bench{Type: typ, changed: make(chan struct{}), done: make(chan struct{})}
}

// Close ends the live streams, so that the server can shut down without
// waiting for a browser tab that is still open.
func (b *Bench) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.done)
	}
}

// SetBuild records the last build: err is nil on success, and its text is
// the compiler's output otherwise.
func (b *Bench) SetBuild(err error) {
	bd := Build{At: time.Now(), OK: err == nil}
	if err != nil {
		bd.Output = err.Error()
	}
	b.update(func() { b.build = bd })
}

// SetModules records the loaded modules and the problems found loading them.
func (b *Bench) SetModules(mods []*learning.Module, problems []string) {
	b.update(func() { b.modules, b.problems = mods, problems })
}

// Wrap returns ct recording every Handle call made for the bench's type.
func (b *Bench) Wrap(ct learning.ContentTypes) learning.ContentTypes {
	return recording{ContentTypes: ct, bench: b}
}

func (b *Bench) record(c Call) {
	b.update(func() {
		b.seq++
		c.Seq = b.seq
		b.calls = append(b.calls, c)
		if len(b.calls) > keep {
			b.calls = append([]Call(nil), b.calls[len(b.calls)-keep:]...)
		}
	})
}

// update changes the bench under its lock and wakes the live streams.
func (b *Bench) update(change func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	change()
	close(b.changed)
	b.changed = make(chan struct{})
}

// snapshot is the bench as the page shows it, calls newest first.
type snapshot struct {
	Type     string
	Build    Build
	Samples  []sample
	Problems []string
	Calls    []Call
	Seq      int
}

// sample is an object of the bench's type in a loaded module.
type sample struct {
	Module *learning.Module
	Object learning.Object
}

// view returns a copy of the bench and the channel closed at its next change.
func (b *Bench) view() (snapshot, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := snapshot{Type: b.Type, Build: b.build, Problems: b.problems, Seq: b.seq}
	for _, m := range b.modules {
		for _, o := range m.Objects {
			if o.Type == b.Type {
				s.Samples = append(s.Samples, sample{Module: m, Object: o})
			}
		}
	}
	for i := len(b.calls) - 1; i >= 0; i-- {
		s.Calls = append(s.Calls, b.calls[i])
	}
	return s, b.changed
}

// recording is the content types with the bench's type's Handle calls
// recorded; Describe and Render pass through.
type recording struct {
	learning.ContentTypes
	bench *Bench
}

func (r recording) Handle(ctx context.Context, contentType string, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	resp, err := r.ContentTypes.Handle(ctx, contentType, req)
	if contentType != r.bench.Type {
		return resp, err
	}
	c := Call{At: time.Now(), Object: req.Object.ID, Registration: req.Registration, Event: req.Event, StateBefore: req.State}
	if err != nil {
		c.Err = err.Error()
	}
	if resp != nil {
		c.StateAfter, c.Result, c.Feedback = resp.State, resp.Result, resp.FeedbackHTML
		for _, d := range resp.Statements {
			c.Drafts = append(c.Drafts, judge(d))
		}
	}
	r.bench.record(c)
	return resp, err
}

// judge checks a draft as the LRS will when the engine records it.
func judge(d sdk.StatementDraft) Draft {
	out := Draft{StatementDraft: d}
	if err := xapi.ValidateDraft(d); err != nil {
		out.Refused = err.Error()
	}
	return out
}
