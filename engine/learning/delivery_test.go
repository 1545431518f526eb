package learning_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// echoPlugin is the SDK's test content type, built once before any test.
var echoPlugin = &sdktest.Plugin{Pkg: "../../sdk/internal/testplugin"}

func TestMain(m *testing.M) { os.Exit(sdktest.Run(m, echoPlugin)) }

// catalog is a fixed set of modules.
type catalog map[string]*learning.Module

func (c catalog) Module(id string) (*learning.Module, error) {
	if m, ok := c[id]; ok {
		return m, nil
	}
	return nil, engine.Errorf(engine.ENOTFOUND, "no module %q", id)
}

func (c catalog) Modules() []*learning.Module {
	var out []*learning.Module
	for _, m := range c {
		out = append(out, m)
	}
	return out
}

type fixture struct {
	d       *learning.Delivery
	db      *sqlite.DB
	learner *learning.Learner
}

// MustDelivery wires a Delivery to a real SQLite database and the echo test
// plugin running as a real process, with a two-object module.
func MustDelivery(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lode.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	host, err := pluginhost.Start(ctx, pluginhost.Config{}, []pluginhost.Spec{{Name: "echo", Path: echoPlugin.Path(t)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(host.Close)
	mod := &learning.Module{ID: "m1", Title: "Module One", CEHours: 1.5, Language: "en-US", Objects: []learning.Object{
		{ID: "a", Type: "echo", Title: "A", Required: true, Config: json.RawMessage(`{}`)},
		{ID: "b", Type: "echo", Title: "B", Required: true, Config: json.RawMessage(`{}`)},
		{ID: "extra", Type: "echo", Title: "Extra", Required: false, Config: json.RawMessage(`{}`)},
	}}
	d := &learning.Delivery{Modules: catalog{"m1": mod}, Content: host, Learners: db, Progress: db,
		LRS: &lrs.Service{Statements: db, BaseURL: "https://lode.test"}, BaseURL: "https://lode.test"}
	l, err := d.NewLearner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{d: d, db: db, learner: l}
}

func (f *fixture) ping(t *testing.T, object string) *learning.Outcome {
	t.Helper()
	out, err := f.d.Interact(context.Background(), learning.Interaction{
		LearnerID: f.learner.ID, SessionID: "secret-session", ModuleID: "m1", ObjectID: object,
		Event: sdk.Event{Type: "ping", Data: json.RawMessage(`{"x":["1"]}`)}, Rerender: true,
	})
	if err != nil {
		t.Fatalf("interact with %s: %v", object, err)
	}
	return out
}

func (f *fixture) statements(t *testing.T, reg string) []xapi.Statement {
	t.Helper()
	stmts, _, err := f.db.Statements(context.Background(), lrs.StatementFilter{Registration: reg, Ascending: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return stmts
}

func TestInteractRecordsStatements(t *testing.T) {
	f := MustDelivery(t)
	out := f.ping(t, "a")
	if !strings.Contains(out.View.HTML, `{"Count":1}`) || out.FeedbackHTML != "<p>pong</p>" {
		t.Fatalf("outcome view %q feedback %q", out.View.HTML, out.FeedbackHTML)
	}
	reg := out.Progress.Registration.ID
	stmts := f.statements(t, reg)
	if len(stmts) != 2 {
		t.Fatalf("stored %d statements, want 2", len(stmts))
	}
	s := stmts[0]
	t.Run("Actor", func(t *testing.T) {
		if s.Actor.Account == nil || s.Actor.Account.HomePage != "https://lode.test" || s.Actor.Account.Name != f.learner.ID {
			t.Fatalf("actor %+v", s.Actor)
		}
	})
	t.Run("SubActivityUnderObjectAndModule", func(t *testing.T) {
		if s.Object.ID != "https://lode.test/modules/m1/objects/a/ping" {
			t.Fatalf("object %s", s.Object.ID)
		}
		ca := s.Context.ContextActivities
		if ca.Parent[0].ID != "https://lode.test/modules/m1/objects/a" || ca.Grouping[0].ID != "https://lode.test/modules/m1" {
			t.Fatalf("context activities %+v", ca)
		}
		if len(ca.Category) != 1 || ca.Category[0].ID != "https://example.org/profiles/echo" {
			t.Fatalf("profile category missing: %+v", ca.Category)
		}
	})
	t.Run("ObjectStatementUnderModule", func(t *testing.T) {
		c := stmts[1]
		if c.Object.ID != "https://lode.test/modules/m1/objects/a" || c.Object.Definition.Name["en-US"] != "A" ||
			c.Context.ContextActivities.Parent[0].ID != "https://lode.test/modules/m1" {
			t.Fatalf("statement %+v", c)
		}
	})
	t.Run("SessionIDIsPublicNotTheCookie", func(t *testing.T) {
		raw, _ := json.Marshal(s)
		if strings.Contains(string(raw), "secret-session") {
			t.Fatalf("the secret session id leaked into a statement: %s", raw)
		}
		var ext map[string]string
		json.Unmarshal(s.Context.Extensions, &ext)
		if got := ext[learning.SessionIDExtension]; got != learning.PublicSessionID("secret-session") || !xapi.IsUUID(got) {
			t.Fatalf("session id extension %q", got)
		}
		// The plugin got the public id too (it echoes it into its own extension).
		if !strings.Contains(string(s.Context.Extensions), learning.PublicSessionID("secret-session")) {
			t.Fatalf("plugin extension: %s", s.Context.Extensions)
		}
	})
	t.Run("Valid", func(t *testing.T) {
		for _, st := range stmts {
			if err := st.Validate(); err != nil || st.Context.Registration != reg {
				t.Fatalf("statement %s: %v", st.ID, err)
			}
		}
	})
}

func TestModuleCompletion(t *testing.T) {
	f := MustDelivery(t)
	if out := f.ping(t, "a"); out.ModuleCompleted || out.Progress.Done() || out.Progress.Percent() != 50 {
		t.Fatalf("after a: completed %v, %d%%", out.ModuleCompleted, out.Progress.Percent())
	}
	out := f.ping(t, "b")
	if !out.ModuleCompleted || !out.Progress.Done() || out.Progress.Registration.CompletedAt == nil {
		t.Fatalf("after b: %+v", out.Progress)
	}
	again := f.ping(t, "extra")
	if again.ModuleCompleted {
		t.Fatal("module completed twice")
	}
	var moduleDone []xapi.Statement
	for _, s := range f.statements(t, out.Progress.Registration.ID) {
		if s.Object.ID == "https://lode.test/modules/m1" {
			moduleDone = append(moduleDone, s)
		}
	}
	if len(moduleDone) != 1 || moduleDone[0].Verb.ID != sdk.VerbCompleted.ID {
		t.Fatalf("module statements: %+v", moduleDone)
	}
	var ext map[string]float64
	json.Unmarshal(moduleDone[0].Result.Extensions, &ext)
	if ext[learning.CEHoursExtension] != 1.5 || !strings.HasPrefix(moduleDone[0].Result.Duration, "PT") {
		t.Fatalf("result %+v", moduleDone[0].Result)
	}
	reg, err := f.db.FindRegistration(context.Background(), out.Progress.Registration.LearnerID, out.Progress.Registration.ModuleID)
	if err != nil || reg.CompletedAt == nil {
		t.Fatalf("registration %+v, %v", reg, err)
	}
}

func TestConcurrentTabsLoseNoUpdate(t *testing.T) {
	f := MustDelivery(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 2 { // two tabs
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				_, err := f.d.Interact(context.Background(), learning.Interaction{
					LearnerID: f.learner.ID, ModuleID: "m1", ObjectID: "a", Event: sdk.Event{Type: "ping"},
				})
				if err != nil && engine.ErrorCode(err) != engine.ECONFLICT {
					t.Errorf("interact: %v", err)
				}
				if err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	p, err := f.d.Open(context.Background(), f.learner.ID, "m1")
	if err != nil {
		t.Fatal(err)
	}
	// Every acknowledged interaction counted exactly once, and retrying
	// got most of them through.
	if got, want := string(p.States["a"].State), fmt.Sprintf(`{"Count":%d}`, ok); got != want || ok < 10 {
		t.Fatalf("state %s after %d acknowledged interactions", got, ok)
	}
}

func TestInteractRefusals(t *testing.T) {
	f := MustDelivery(t)
	for _, tc := range []struct {
		name string
		in   learning.Interaction
		code string
	}{
		{"UnknownModule", learning.Interaction{ModuleID: "nope", ObjectID: "a", Event: sdk.Event{Type: "ping"}}, engine.ENOTFOUND},
		{"UnknownObject", learning.Interaction{ModuleID: "m1", ObjectID: "zz", Event: sdk.Event{Type: "ping"}}, engine.ENOTFOUND},
		{"NoEventType", learning.Interaction{ModuleID: "m1", ObjectID: "a"}, engine.EINVALID},
		{"PluginRefuses", learning.Interaction{ModuleID: "m1", ObjectID: "a", Event: sdk.Event{Type: "invalid"}}, engine.EINVALID},
		{"UnknownLearner", learning.Interaction{LearnerID: "ghost", ModuleID: "m1", ObjectID: "a", Event: sdk.Event{Type: "ping"}}, engine.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.LearnerID == "" {
				tc.in.LearnerID = f.learner.ID
			}
			_, err := f.d.Interact(context.Background(), tc.in)
			if engine.ErrorCode(err) != tc.code {
				t.Fatalf("err = %v, want %s", err, tc.code)
			}
		})
	}
	p, err := f.d.Open(context.Background(), f.learner.ID, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.States) != 0 || len(f.statements(t, p.Registration.ID)) != 0 {
		t.Fatal("a refused interaction stored something")
	}
}

func TestViewRemembersWhereTheLearnerIs(t *testing.T) {
	f := MustDelivery(t)
	ctx := context.Background()
	opened, err := f.d.Open(ctx, f.learner.ID, "m1")
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.d.View(ctx, opened, "b", "en")
	if err != nil || v.Index != 1 || !strings.Contains(v.HTML, "B: ") {
		t.Fatalf("view %+v, %v", v, err)
	}
	p, err := f.d.Open(ctx, f.learner.ID, "m1")
	if err != nil || p.Registration.CurrentObject != "b" {
		t.Fatalf("current object %q, %v", p.Registration.CurrentObject, err)
	}
}

func TestProfileValidation(t *testing.T) {
	for _, tc := range []struct {
		p     learning.Profile
		field string
	}{
		{learning.Profile{Name: "Ada", Email: "ada@library.org"}, ""},
		{learning.Profile{}, ""},
		{learning.Profile{Email: "not-an-email"}, "email"},
		{learning.Profile{Email: "Ada <ada@library.org>"}, "email"},
		{learning.Profile{Name: strings.Repeat("x", 201)}, "name"},
	} {
		err := tc.p.Validate()
		var e *engine.Error
		if tc.field == "" && err != nil || tc.field != "" && (!errors.As(err, &e) || e.Field != tc.field) {
			t.Errorf("%+v: err = %v, want field %q", tc.p, err, tc.field)
		}
	}
}

func TestPeekProgressWritesNothing(t *testing.T) {
	f := MustDelivery(t)
	ctx := context.Background()
	p, err := f.d.PeekProgress(ctx, f.learner.ID, "m1")
	if err != nil || p.Registration != nil || p.Percent() != 0 || p.Required != 2 {
		t.Fatalf("peek %+v, %v", p, err)
	}
	if _, err := f.db.FindRegistration(ctx, f.learner.ID, "m1"); engine.ErrorCode(err) != engine.ENOTFOUND {
		t.Fatalf("peeking created a registration: %v", err)
	}
	f.ping(t, "a")
	if p, err = f.d.PeekProgress(ctx, f.learner.ID, "m1"); err != nil || p.Registration == nil || p.Percent() != 50 {
		t.Fatalf("peek after progress %+v, %v", p, err)
	}
}

// barrier holds each of the first n Handle calls until all n have
// arrived: interactions that have all read the learner's progress before
// any of them writes, as two tabs finishing a module's last two objects
// at the same moment do.
type barrier struct {
	learning.ContentTypes
	n       int
	mu      sync.Mutex
	arrived int
	all     chan struct{}
}

func (b *barrier) Handle(ctx context.Context, contentType string, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	b.mu.Lock()
	b.arrived++
	if b.arrived == b.n {
		close(b.all)
	}
	wait := b.arrived <= b.n
	b.mu.Unlock()
	if wait {
		select {
		case <-b.all:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return b.ContentTypes.Handle(ctx, contentType, req)
}

// The last two required objects finished at once, each interaction seeing
// the other's object as not done yet: the module is completed once, with
// one completed statement, whichever interaction writes last.
func TestModuleCompletionRace(t *testing.T) {
	f := MustDelivery(t)
	f.d.Content = &barrier{ContentTypes: f.d.Content, n: 2, all: make(chan struct{})}
	var wg sync.WaitGroup
	outs := make([]*learning.Outcome, 2)
	errs := make([]error, 2)
	for i, object := range []string{"a", "b"} {
		wg.Go(func() {
			outs[i], errs[i] = f.d.Interact(context.Background(), learning.Interaction{
				LearnerID: f.learner.ID, SessionID: "s", ModuleID: "m1", ObjectID: object,
				Event: sdk.Event{Type: "ping", Data: json.RawMessage(`{}`)},
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if outs[0].ModuleCompleted == outs[1].ModuleCompleted {
		t.Errorf("ModuleCompleted %v and %v: want exactly one interaction to complete the module", outs[0].ModuleCompleted, outs[1].ModuleCompleted)
	}
	p, err := f.d.Open(context.Background(), f.learner.ID, "m1")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Done() || p.Registration.CompletedAt == nil {
		t.Fatalf("progress done %v, completed at %v: want the registration completed", p.Done(), p.Registration.CompletedAt)
	}
	var moduleDone int
	for _, s := range f.statements(t, p.Registration.ID) {
		if s.Object.ID == "https://lode.test/modules/m1" && s.Verb.ID == sdk.VerbCompleted.ID {
			moduleDone++
		}
	}
	if moduleDone != 1 {
		t.Fatalf("%d module completed statements, want 1", moduleDone)
	}
}

// counting passes calls to the real plugin host and counts them by method.
type counting struct {
	learning.ContentTypes
	calls map[string]int
}

func (c *counting) Render(ctx context.Context, ct string, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	c.calls["Render"]++
	return c.ContentTypes.Render(ctx, ct, req)
}

func (c *counting) Handle(ctx context.Context, ct string, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	c.calls["Handle"]++
	return c.ContentTypes.Handle(ctx, ct, req)
}

// An interaction that asks for the object's new view costs one call to the
// content type's process: Handle renders in the same call.
func TestInteractIsOnePluginCall(t *testing.T) {
	f := MustDelivery(t)
	c := &counting{ContentTypes: f.d.Content, calls: map[string]int{}}
	f.d.Content = c
	out := f.ping(t, "a")
	if c.calls["Handle"] != 1 || c.calls["Render"] != 0 {
		t.Fatalf("calls %v, want one Handle and no Render", c.calls)
	}
	if out.View == nil || !strings.Contains(out.View.HTML, `"Count":1`) {
		t.Fatalf("view %+v, want the object rendered with its new state", out.View)
	}
}
