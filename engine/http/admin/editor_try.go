package admin

import (
	"crypto/sha256"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/authoring"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/inmem"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
)

// The editor's try routes (see editorRoutes) take a draft as a learner
// would (issue 16): the learner's pages, played by Player from a
// learning.Delivery of the draft's own whose progress lives in memory, so
// that nothing is recorded.

func (s *Server) handleTry(c echo.Context) error {
	return s.withTryout(c, func(t *web.Tryout) error { return s.Player.TryObject(c, t, c.Param("oid")) })
}

func (s *Server) handleTrySummary(c echo.Context) error {
	return s.withTryout(c, func(t *web.Tryout) error { return s.Player.TrySummary(c, t) })
}

func (s *Server) handleTryEvent(c echo.Context) error {
	return s.withTryout(c, func(t *web.Tryout) error { return s.Player.TryEvent(c, t, c.Param("oid")) })
}

// handleTryRestart forgets the person's tryout of the draft: the next
// page starts it afresh.
func (s *Server) handleTryRestart(c echo.Context) error {
	id := c.Param("id")
	if _, err := s.Editor.Draft(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	s.tries.drop(tryKeyOf(c, id))
	return c.Redirect(http.StatusSeeOther, "/admin/editor/"+id+"/try")
}

// withTryout runs fn on the person's tryout of the draft as it is now,
// started when they have none or the draft changed since; a draft with
// problems shows them, as the static preview does.
func (s *Server) withTryout(c echo.Context, fn func(t *web.Tryout) error) error {
	id := c.Param("id")
	draft, err := s.Editor.Draft(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if s.Player == nil {
		return engine.Errorf(engine.ENOTFOUND, "this site does not play drafts as learners see them; use the preview")
	}
	key := tryKeyOf(c, id)
	if t := s.tries.get(key, draft.Revision); t != nil {
		return fn(t)
	}
	m, problems, err := authoring.Check(c.Request().Context(), id, draft.Files, s.Content)
	if err != nil {
		return err
	}
	if m == nil {
		return s.previewProblems(c, draft, problems)
	}
	t, err := s.newTryout(c, m)
	if err != nil {
		return err
	}
	return fn(s.tries.put(key, draft.Revision, t))
}

// newTryout is a Delivery of m alone, over stores in memory, with one
// learner: the person trying it.
func (s *Server) newTryout(c echo.Context, m *learning.Module) (*web.Tryout, error) {
	progress := inmem.NewProgress()
	base := s.Player.Config.BaseURL
	learner := &learning.Learner{ID: uuid.NewString(), Name: session(c).Email, CreatedAt: time.Now().UTC()}
	if err := progress.CreateLearner(c.Request().Context(), learner); err != nil {
		return nil, err
	}
	editor := "/admin/editor/" + m.ID
	d := &learning.Delivery{
		Modules: module.NewCatalog([]*learning.Module{m}), Content: s.Content, Learners: progress, Progress: progress,
		LRS: &lrs.Service{BaseURL: base}, BaseURL: base,
		MediaURL: func(*learning.Module) string { return editor + "/media/" },
	}
	return &web.Tryout{
		Delivery: d, ModuleID: m.ID, LearnerID: learner.ID, Base: editor + "/try", Editor: editor,
		CSRF: session(c).CSRFToken,
	}, nil
}

// tryKey is one signed-in session's tryout of one draft: the session by
// a hash, so that its secret token is not kept here too.
type tryKey struct {
	session [sha256.Size]byte
	module  string
}

func tryKeyOf(c echo.Context, moduleID string) tryKey {
	return tryKey{session: sha256.Sum256([]byte(session(c).Token)), module: moduleID}
}

// Tryouts are bounded and expire: each holds a Delivery and a learner's
// progress in memory, and none is of use once its author moved on.
const (
	maxTryouts = 100
	tryoutTTL  = 2 * time.Hour
)

// tryouts are the drafts being tried, by session and draft.
type tryouts struct {
	mu  sync.Mutex
	all map[tryKey]*tryEntry
	now func() time.Time // for tests; time.Now when nil
}

type tryEntry struct {
	revision int
	tryout   *web.Tryout
	used     time.Time
}

func (ts *tryouts) clock() time.Time {
	if ts.now != nil {
		return ts.now()
	}
	return time.Now()
}

// get is the tryout of key at the draft's revision; nil when there is
// none, it expired, or the draft changed since (a new revision starts
// afresh).
func (ts *tryouts) get(key tryKey, revision int) *web.Tryout {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	e, ok := ts.all[key]
	now := ts.clock()
	if !ok || e.revision != revision || now.Sub(e.used) > tryoutTTL {
		delete(ts.all, key)
		return nil
	}
	e.used = now
	return e.tryout
}

// put keeps t as key's tryout, making room by dropping the expired and,
// when still full, the least recently used. Of two first requests at
// once, the one that puts first wins, so both tabs share one tryout.
func (ts *tryouts) put(key tryKey, revision int, t *web.Tryout) *web.Tryout {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	now := ts.clock()
	if e, ok := ts.all[key]; ok && e.revision == revision && now.Sub(e.used) <= tryoutTTL {
		return e.tryout
	}
	if ts.all == nil {
		ts.all = map[tryKey]*tryEntry{}
	}
	var oldest *tryKey
	for k, e := range ts.all {
		if now.Sub(e.used) > tryoutTTL {
			delete(ts.all, k)
		} else if oldest == nil || e.used.Before(ts.all[*oldest].used) {
			oldest = &k
		}
	}
	if len(ts.all) >= maxTryouts && oldest != nil {
		delete(ts.all, *oldest)
	}
	ts.all[key] = &tryEntry{revision: revision, tryout: t, used: now}
	return t
}

func (ts *tryouts) drop(key tryKey) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	delete(ts.all, key)
}
