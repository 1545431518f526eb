package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/lode-elearning/lode/engine/faulttest"
)

// The load of one round: eight clients posting single statements, two
// posting batches of ten, one writing State documents, four learners
// answering the quiz, one learner after another passing it (which
// completes the module), and one learner editing their profile.
const (
	singleClients = 8
	batchClients  = 2
	batchSize     = 10
	learners      = 4
)

type roundOpts struct {
	// sessionsLost allows a learner's API call a 401 asking for a reload:
	// what a learner whose session Redis lost is told.
	sessionsLost bool
}

// roundLoad is the clients of one round and what they were told.
type roundLoad struct {
	srv   *faultServer
	opts  roundOpts
	round int
	began time.Time
	stop  chan struct{}
	wg    sync.WaitGroup
	// ok counts each worker's acknowledged writes, by worker index.
	ok []atomic.Int64

	mu         sync.Mutex
	acked      map[string]bool   // statement ids acknowledged with a 2xx
	documents  map[string]string // State documents acknowledged: stateId → content
	learners   []*faultLearner
	completers []*faultLearner
	profile    *profileEditor
	violations []string
	statuses   map[int]int // every status answered, for the log
}

// round runs the load, applies fault once every worker has written, waits
// for Lode to be ready, lets every worker write again, and checks what
// was acknowledged against what is stored.
func (s *faultServer) round(t *testing.T, i int, opts roundOpts, fault func()) {
	t.Helper()
	l := &roundLoad{srv: s, opts: opts, round: i, began: time.Now().Add(-time.Second), stop: make(chan struct{}), acked: map[string]bool{}, documents: map[string]string{}, statuses: map[int]int{}}
	l.start(t)
	l.waitWrites(t, "every client to write before the fault")
	fault()
	faulttest.WaitFor(t, 20*time.Second, "Lode to be ready after the fault", s.ready)
	l.waitWrites(t, "every client to write again after the fault")
	close(l.stop)
	l.wg.Wait()
	l.check(t)
}

func (s *faultServer) ready() bool {
	resp, err := http.Get(s.URL + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// start starts every worker; each has an index into ok.
func (l *roundLoad) start(t *testing.T) {
	var workers []func(w int)
	for range singleClients {
		workers = append(workers, func(w int) { l.postStatements(w, 1) })
	}
	for range batchClients {
		workers = append(workers, func(w int) { l.postStatements(w, batchSize) })
	}
	workers = append(workers, l.putDocuments)
	for range learners {
		fl := newFaultLearner(t, l.srv.URL)
		l.learners = append(l.learners, fl)
		workers = append(workers, func(w int) { l.answerQuiz(w, fl) })
	}
	workers = append(workers, func(w int) { l.completeModules(t, w) })
	l.profile = &profileEditor{faultLearner: newFaultLearner(t, l.srv.URL)}
	workers = append(workers, l.editProfile)
	l.ok = make([]atomic.Int64, len(workers))
	for w, run := range workers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			run(w)
		}()
	}
}

// waitWrites waits until every worker has had a write acknowledged since
// the call.
func (l *roundLoad) waitWrites(t *testing.T, what string) {
	t.Helper()
	base := make([]int64, len(l.ok))
	for i := range l.ok {
		base[i] = l.ok[i].Load()
	}
	idle := func() []int {
		var out []int
		for i := range l.ok {
			if l.ok[i].Load() == base[i] {
				out = append(out, i)
			}
		}
		return out
	}
	for deadline := time.Now().Add(30 * time.Second); len(idle()) > 0; pause() {
		if time.Now().After(deadline) {
			l.mu.Lock()
			defer l.mu.Unlock()
			t.Fatalf("round %d: timed out after 30s waiting for %s: workers %v wrote nothing; so far: %v",
				l.round, what, idle(), l.violations)
		}
	}
}

func (l *roundLoad) stopped() bool {
	select {
	case <-l.stop:
		return true
	default:
		return false
	}
}

func (l *roundLoad) violation(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.violations) < 20 {
		l.violations = append(l.violations, fmt.Sprintf(format, args...))
	}
}

func (l *roundLoad) saw(status int) {
	l.mu.Lock()
	l.statuses[status]++
	l.mu.Unlock()
}

var faultClient = &http.Client{Timeout: 2 * time.Minute}

// postStatements posts batches of n statements, each with its own id, until
// the round stops. A 200 must carry exactly the ids sent; anything but a
// 200 must be a 503 with Retry-After.
func (l *roundLoad) postStatements(w, n int) {
	for !l.stopped() {
		stmts, ids := faultStatements(l.round, w, n)
		var body []byte
		if n == 1 {
			body, _ = json.Marshal(stmts[0])
		} else {
			body, _ = json.Marshal(stmts)
		}
		req := lrsRequest(http.MethodPost, l.srv.URL+"/xapi/statements", bytes.NewReader(body))
		status, answer, hdr, err := do(req)
		if err != nil {
			l.violation("client %d: POST /xapi/statements: %v", w, err)
			continue
		}
		l.saw(status)
		switch {
		case status == http.StatusOK:
			var got []string
			if json.Unmarshal(answer, &got) != nil || !slices.Equal(got, ids) {
				l.violation("client %d: 200 with body %q, want the ids %v", w, answer, ids)
				continue
			}
			l.mu.Lock()
			for _, id := range ids {
				l.acked[id] = true
			}
			l.mu.Unlock()
			l.ok[w].Add(1)
		case status == http.StatusServiceUnavailable && hdr.Get("Retry-After") != "":
			pause()
		default:
			l.violation("client %d: POST /xapi/statements answered %d %q", w, status, answer)
		}
	}
}

// pause keeps a client that was told to retry from spinning.
func pause() { time.Sleep(20 * time.Millisecond) }

// lrsRequest is a request of the test's LRS client; a body is JSON.
func lrsRequest(method, url string, body io.Reader) *http.Request {
	req, _ := http.NewRequest(method, url, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.SetBasicAuth(faultKey, faultSecret)
	return req
}

func do(req *http.Request) (int, []byte, http.Header, error) { return doWith(faultClient, req) }

// doWith sends req and reads the whole answer.
func doWith(c *http.Client, req *http.Request) (int, []byte, http.Header, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header, err
}

// putDocuments writes State documents, each under a new stateId, until the
// round stops: 204, or 503 with Retry-After.
func (l *roundLoad) putDocuments(w int) {
	for i := 0; !l.stopped(); i++ {
		id := fmt.Sprintf("doc-%d", i)
		content := fmt.Sprintf(`{"round":%d,"doc":%d}`, l.round, i)
		req := lrsRequest(http.MethodPut, l.srv.URL+"/xapi/activities/state?"+l.documentQuery(id).Encode(), strings.NewReader(content))
		status, answer, hdr, err := do(req)
		if err != nil {
			l.violation("documents: PUT: %v", err)
			continue
		}
		l.saw(status)
		switch {
		case status == http.StatusNoContent:
			l.mu.Lock()
			l.documents[id] = content
			l.mu.Unlock()
			l.ok[w].Add(1)
		case status == http.StatusServiceUnavailable && hdr.Get("Retry-After") != "":
			pause()
		default:
			l.violation("documents: PUT answered %d %q", status, answer)
		}
	}
}

// documentQuery names the round's State documents; stateId "" names all.
func (l *roundLoad) documentQuery(stateID string) url.Values {
	q := url.Values{
		"activityId": {fmt.Sprintf("https://faults.example/rounds/%d/documents", l.round)},
		"agent":      {`{"objectType":"Agent","mbox":"mailto:documents@faults.example"}`},
	}
	if stateID != "" {
		q.Set("stateId", stateID)
	}
	return q
}

// faultStatements makes n statements whose response names their own id,
// so that a stored statement can be checked whole.
func faultStatements(round, worker, n int) ([]map[string]any, []string) {
	stmts := make([]map[string]any, n)
	ids := make([]string, n)
	for i := range n {
		id := uuid.NewString()
		ids[i] = id
		stmts[i] = map[string]any{
			"id":     id,
			"actor":  map[string]any{"objectType": "Agent", "mbox": fmt.Sprintf("mailto:client%d@faults.example", worker)},
			"verb":   map[string]any{"id": "http://adlnet.gov/expapi/verbs/experienced", "display": map[string]string{"en-US": "experienced"}},
			"object": map[string]any{"objectType": "Activity", "id": fmt.Sprintf("https://faults.example/rounds/%d/clients/%d", round, worker)},
			"result": map[string]any{"response": id},
		}
	}
	return stmts, ids
}

// check compares what the clients were told with what the LRS holds.
func (l *roundLoad) check(t *testing.T) {
	t.Helper()
	for _, v := range l.violations {
		t.Errorf("round %d: %s", l.round, v)
	}
	stored := map[string]faultStored{}
	prefix := fmt.Sprintf("https://faults.example/rounds/%d/", l.round)
	for _, st := range l.srv.statements(t, url.Values{"since": {l.began.UTC().Format(time.RFC3339Nano)}}) {
		if strings.HasPrefix(st.Object.ID, prefix) {
			stored[st.ID] = st
		}
	}
	lost := 0
	for id := range l.acked {
		st, ok := stored[id]
		switch {
		case !ok:
			lost++
		case st.Result.Response != id:
			t.Errorf("round %d: statement %s is stored with response %q: not whole", l.round, id, st.Result.Response)
		}
	}
	if lost > 0 {
		t.Errorf("round %d: %d of %d acknowledged statements are not stored", l.round, lost, len(l.acked))
	}
	for k, fl := range l.learners {
		answered := l.srv.learnerAnswers(t, fl)
		if answered < fl.acked || answered > fl.acked+fl.ambiguous {
			t.Errorf("round %d: learner %d has %d answered statements; %d submissions were acknowledged and %d answered 503",
				l.round, k, answered, fl.acked, fl.ambiguous)
		}
	}
	l.checkDocuments(t)
	l.checkCompletions(t)
	l.checkProfile(t)
	t.Logf("round %d: %d statements acknowledged, statuses %v", l.round, len(l.acked), l.statuses)
}

// faultStored is what the checks read of a stored statement.
type faultStored struct {
	ID     string `json:"id"`
	Object struct {
		ID string `json:"id"`
	} `json:"object"`
	Result struct {
		Response string `json:"response"`
	} `json:"result"`
}

// statements reads every statement a query selects, page by page, as an
// LRS client would.
func (s *faultServer) statements(t *testing.T, q url.Values) []faultStored {
	t.Helper()
	q.Set("limit", "1000")
	next := "/xapi/statements?" + q.Encode()
	var all []faultStored
	for next != "" {
		req := lrsRequest(http.MethodGet, s.URL+next, nil)
		status, body, _, err := do(req)
		if err != nil || status != http.StatusOK {
			t.Fatalf("GET %s: %d %v %.200s", next, status, err, body)
		}
		var page struct {
			Statements []faultStored `json:"statements"`
			More       string        `json:"more"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatalf("GET %s: %v", next, err)
		}
		all = append(all, page.Statements...)
		next = page.More
	}
	return all
}

// learnerAnswers counts the learner's answered statements.
func (s *faultServer) learnerAnswers(t *testing.T, fl *faultLearner) int {
	t.Helper()
	agent := s.learnerAgent(t, fl)
	if agent == "" {
		return 0
	}
	return len(s.statements(t, url.Values{"agent": {agent}, "verb": {"http://adlnet.gov/expapi/verbs/answered"}}))
}

// moduleCompletions counts the learner's completed statements about the
// module itself.
func (s *faultServer) moduleCompletions(t *testing.T, fl *faultLearner) int {
	t.Helper()
	agent := s.learnerAgent(t, fl)
	if agent == "" {
		return 0
	}
	return len(s.statements(t, url.Values{"agent": {agent},
		"verb": {"http://adlnet.gov/expapi/verbs/completed"}, "activity": {s.URL + "/modules/faults"}}))
}

// learnerAgent is the learner's xAPI agent, from their learner cookie; ""
// for a visitor none of whose writes reached the server, who is nobody.
func (s *faultServer) learnerAgent(t *testing.T, fl *faultLearner) string {
	t.Helper()
	u, _ := url.Parse(s.URL)
	var id string
	for _, c := range fl.client.Jar.Cookies(u) {
		if c.Name == "lode_learner" {
			id, _, _ = strings.Cut(c.Value, ".")
		}
	}
	if id == "" {
		return ""
	}
	agent, _ := json.Marshal(map[string]any{"objectType": "Agent", "account": map[string]string{"homePage": s.URL, "name": id}})
	return string(agent)
}

// checkDocuments reads back every State document acknowledged.
func (l *roundLoad) checkDocuments(t *testing.T) {
	t.Helper()
	for id, want := range l.documents {
		req := lrsRequest(http.MethodGet, l.srv.URL+"/xapi/activities/state?"+l.documentQuery(id).Encode(), nil)
		status, body, _, err := do(req)
		if err != nil || status != http.StatusOK || string(body) != want {
			t.Errorf("round %d: acknowledged document %s reads back as %d %q (%v), want %s", l.round, id, status, body, err, want)
		}
	}
}

// checkCompletions checks that each learner who was told they passed has
// the module completed exactly once, and no learner has it twice.
func (l *roundLoad) checkCompletions(t *testing.T) {
	t.Helper()
	for _, fl := range l.completers {
		n := l.srv.moduleCompletions(t, fl)
		if n > 1 || (fl.acked > 0 && n != 1) {
			t.Errorf("round %d: a learner told %d times that they passed (%d answered 503) has %d module completions, want exactly 1",
				l.round, fl.acked, fl.ambiguous, n)
		}
	}
}

// checkProfile checks that the profile keeps the last name acknowledged,
// or a later one tried.
func (l *roundLoad) checkProfile(t *testing.T) {
	t.Helper()
	p := l.profile
	faulttest.WaitFor(t, 20*time.Second, "the profile page", func() bool { return p.openProfile(l) })
	if p.shown < p.acked || p.shown > p.tried {
		t.Errorf("round %d: the profile shows name %d; name %d was the last acknowledged, %d the last tried", l.round, p.shown, p.acked, p.tried)
	}
}
