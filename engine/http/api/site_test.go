package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/feed"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	adminhttp "github.com/lode-elearning/lode/engine/http/admin"
	"github.com/lode-elearning/lode/engine/http/api"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/postgres"
	"github.com/lode-elearning/lode/engine/sqlite"
	"github.com/lode-elearning/lode/engine/storetest"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// db is what the tests need of a database: the admin area's store, and
// the learner side's writes to give the reports something to report.
type db interface {
	admin.Store
	lrs.CredentialStore
	feed.Store
	CreateLearner(ctx context.Context, l *learning.Learner) error
	EnsureRegistration(ctx context.Context, r *learning.Registration) (*learning.Registration, error)
	RecordInteraction(ctx context.Context, st *learning.ObjectState, stmts []xapi.Statement) error
	CompleteRegistration(ctx context.Context, id string, end learning.RegistrationEnd, stmts []xapi.Statement) (bool, error)
	IssueCertificate(ctx context.Context, c *credential.Certificate) (*credential.Certificate, error)
	Close() error
}

// backends open a fresh, migrated database of each kind.
var backends = map[string]func(t *testing.T) db{
	"SQLite": func(t *testing.T) db {
		d, err := sqlite.Open(t.Context(), "file:"+filepath.Join(t.TempDir(), "lode.db"))
		must(t, err)
		t.Cleanup(func() { d.Close() })
		must(t, d.Migrate(t.Context()))
		return d
	},
	"PostgreSQL": func(t *testing.T) db {
		d, err := postgres.Open(t.Context(), storetest.PostgresDatabase(t))
		must(t, err)
		t.Cleanup(func() { d.Close() })
		must(t, d.Migrate(t.Context()))
		return d
	},
}

// site is the admin area and the API on a test server, as cmd/lode
// mounts them, with one administrator and a token.
type site struct {
	URL    string
	db     db
	admins *admin.Admins
	api    *api.Server
	admin  *adminhttp.Server
	token  string // a live API token
}

const adminPassword = "correct horse battery"

func mustSite(t *testing.T, d db) *site {
	t.Helper()
	admins := &admin.Admins{Store: d}
	_, err := admins.Create(t.Context(), admin.CLI, "ada@library.example", adminPassword)
	must(t, err)
	cat := module.NewCatalog([]*learning.Module{
		{ID: "copyright", Title: "Copyright basics", Version: "2", License: "CC-BY-4.0",
			Objects: []learning.Object{{ID: "intro", Title: "Introduction"}, {ID: "quiz", Title: "Check your understanding"}}},
		{ID: "reference", Title: "Reference interviews", Version: "1", License: "CC0-1.0"},
	})
	area := &adminhttp.Server{Admins: admins, Catalog: cat, Limiter: inmem.NewLimiter(),
		Credentials: lrs.NewCredentials(d, lrs.CredentialsConfig{BaseURL: "http://lode.example"}),
		EmbedSites:  learning.NewEmbedSites(nil),
		Feeds:       &feed.Service{Store: d, Client: feed.NewClient(time.Second, false), Admins: admins},
		Install: func(context.Context, string) (*learning.Module, []module.Problem, error) {
			return nil, nil, engine.Errorf(engine.EINVALID, "no installs in these tests")
		}}
	reports := &api.Server{Admins: admins, Modules: area}
	core := lodehttp.New(lodehttp.Config{})
	must(t, core.Mount(area, reports))
	ts := httptest.NewServer(core.Handler())
	t.Cleanup(ts.Close)
	_, token, err := admins.CreateToken(t.Context(), admin.CLI, "tests", 0)
	must(t, err)
	return &site{URL: ts.URL, db: d, admins: admins, api: reports, admin: area, token: token}
}

// seed gives copyright's reports a learner who completed it with a score,
// a certificate and a wrong answer, and one still in progress elsewhere.
func (s *site) seed(t *testing.T) {
	ctx := t.Context()
	must(t, s.db.CreateLearner(ctx, &learning.Learner{ID: "reader", Name: "Reader", Email: "reader@library.example"}))
	must(t, s.db.CreateLearner(ctx, &learning.Learner{ID: "patron", Name: "Patron", Email: "patron@elsewhere.example"}))
	r, err := s.db.EnsureRegistration(ctx, &learning.Registration{ID: "6f1c1f9e-4c1a-4d3e-9a53-0d1f2a3b4c5d", LearnerID: "reader", ModuleID: "copyright"})
	must(t, err)
	scaled := 0.7
	must(t, s.db.RecordInteraction(ctx, &learning.ObjectState{RegistrationID: r.ID, ObjectID: "quiz", Completed: true, Scaled: &scaled},
		[]xapi.Statement{answered(r, false)}))
	done := time.Now().UTC().Add(time.Hour).Truncate(time.Second) // after the start, which is now
	_, err = s.db.CompleteRegistration(ctx, r.ID, learning.RegistrationEnd{At: done, Version: "2"}, nil)
	must(t, err)
	_, err = s.db.IssueCertificate(ctx, &credential.Certificate{Code: credential.NewCode(), RegistrationID: r.ID, LearnerID: "reader",
		LearnerName: "Reader", ModuleID: "copyright", ModuleTitle: "Copyright basics", ModuleVersion: "2", CEHours: 1.5, CompletedAt: done, IssuedAt: done})
	must(t, err)
	_, err = s.db.EnsureRegistration(ctx, &learning.Registration{ID: "0b7e6a52-8f0e-4d47-b1a4-2f6a5c0e9d13", LearnerID: "patron", ModuleID: "copyright"})
	must(t, err)
}

// answered is the statement a quiz records for a question answered.
func answered(r *learning.Registration, right bool) xapi.Statement {
	at := time.Now().UTC()
	home := "http://lode.example/"
	return xapi.Statement{ID: "2d7c4e0a-5b8f-4e1d-9c3a-7f6b5a4e3d21",
		Actor: xapi.Agent{ObjectType: "Agent", Account: &xapi.Account{HomePage: home, Name: r.LearnerID}},
		Verb:  xapi.Verb{ID: admin.VerbAnswered, Display: map[string]string{"en-US": "answered"}},
		Object: xapi.Object{ObjectType: "Activity", ID: home + "modules/copyright/objects/quiz/questions/fair-use",
			Definition: &xapi.ActivityDefinition{Name: map[string]string{"en": "Is quoting a paragraph fair use?"},
				Type: "http://adlnet.gov/expapi/activities/cmi.interaction", InteractionType: "choice", CorrectResponsesPattern: []string{"b"},
				Choices: json.RawMessage(`[{"id":"a","description":{"en":"Never"}},{"id":"b","description":{"en":"It depends"}}]`)}},
		Result:    &xapi.Result{Success: &right, Response: "a"},
		Context:   &xapi.Context{Registration: r.ID, Platform: "Lode", Language: "en"},
		Timestamp: &at, Stored: &at, Version: string(xapi.V103),
	}
}

// get asks the API for path with the Authorization header auth (none if
// empty).
func (s *site) get(t *testing.T, path, auth string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+path, nil)
	must(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	return resp
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
