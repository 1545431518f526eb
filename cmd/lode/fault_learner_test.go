package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// faultLearner is a learner's browser: a cookie jar, the CSRF token of the
// last page and what the quiz was told.
type faultLearner struct {
	base   string
	client *http.Client
	csrf   string
	// acked counts submissions answered 2xx; ambiguous those answered 503,
	// which may or may not have been committed.
	acked, ambiguous int
	shown            int // the number in the name the profile page showed last
}

func newFaultLearner(t *testing.T, base string) *faultLearner {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &faultLearner{base: base, client: &http.Client{Jar: jar, Timeout: 2 * time.Minute}}
}

const faultQuiz = "/modules/faults/objects/quiz"

// openQuiz loads the quiz page, which gives the learner a session and its
// CSRF token; false while the page answers 503.
func (fl *faultLearner) openQuiz(l *roundLoad, w int) bool {
	resp, err := fl.client.Get(fl.base + faultQuiz)
	if err != nil {
		l.violation("learner %d: GET the quiz: %v", w, err)
		return false
	}
	defer resp.Body.Close()
	l.saw(resp.StatusCode)
	if resp.StatusCode == http.StatusServiceUnavailable {
		return false
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	token, _ := doc.Find(`meta[name="lode-csrf"]`).Attr("content")
	if err != nil || resp.StatusCode != http.StatusOK || token == "" {
		l.violation("learner %d: the quiz page answered %d without a CSRF token", w, resp.StatusCode)
		return false
	}
	fl.csrf = token
	return true
}

// answerQuiz submits a wrong answer and starts a new attempt, in turn,
// until the round stops. A 400 is allowed only after a 503: the
// interaction it answered may have been committed after all, which the
// quiz then says (this attempt was already submitted).
func (l *roundLoad) answerQuiz(w int, fl *faultLearner) {
	submit, uncertain := true, false
	for !l.stopped() && fl.csrf == "" {
		if !fl.openQuiz(l, w) {
			pause()
		}
	}
	for !l.stopped() {
		event := `{"type":"retry"}`
		if submit {
			event = `{"type":"submit","data":{"q1":["wrong"]}}`
		}
		resp, body, out, err := fl.send(event)
		if err != nil {
			l.violation("learner %d: POST an event: %v", w, err)
			continue
		}
		l.saw(resp.StatusCode)
		switch {
		case resp.StatusCode == http.StatusOK:
			if out.Progress == nil || out.Progress.Required != 1 {
				l.violation("learner %d: 200 with body %q, want the module's progress", w, body)
				continue
			}
			if submit {
				fl.acked++
			}
			submit, uncertain = !submit, false
			l.ok[w].Add(1)
		case resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "":
			if submit {
				fl.ambiguous++
			}
			uncertain = true
			pause()
		case resp.StatusCode == http.StatusBadRequest && uncertain:
			submit, uncertain = !submit, false // the last one was committed
		case resp.StatusCode == http.StatusUnauthorized && l.opts.sessionsLost:
			for !l.stopped() && !fl.openQuiz(l, w) {
				pause()
			}
		default:
			l.violation("learner %d: event answered %d %q", w, resp.StatusCode, body)
		}
	}
}

// eventAnswer is what the checks read of an answer to an event.
type eventAnswer struct {
	Progress *struct {
		Required int  `json:"required"`
		Done     bool `json:"done"`
	} `json:"progress"`
	ModuleCompleted bool `json:"module_completed"`
}

// send posts one event to the quiz, as lode.js does.
func (fl *faultLearner) send(event string) (*http.Response, []byte, eventAnswer, error) {
	var out eventAnswer
	req, _ := http.NewRequest(http.MethodPost, fl.base+"/api"+faultQuiz+"/events", strings.NewReader(event))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", fl.csrf)
	resp, err := fl.client.Do(req)
	if err != nil {
		return nil, nil, out, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		_ = json.Unmarshal(body, &out)
	}
	return resp, body, out, err
}

// completeModules has one new learner after another open the quiz and pass
// it, which completes the module: CE credit, recorded once.
func (l *roundLoad) completeModules(t *testing.T, w int) {
	for !l.stopped() {
		fl := newFaultLearner(t, l.srv.URL)
		for !l.stopped() && !fl.openQuiz(l, w) {
			pause()
		}
		for !l.stopped() {
			resp, body, out, err := fl.send(`{"type":"submit","data":{"q1":["right"]}}`)
			if err != nil {
				l.violation("completer: POST an event: %v", err)
				break
			}
			l.saw(resp.StatusCode)
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
				fl.ambiguous++
				pause()
				continue
			}
			switch {
			case resp.StatusCode == http.StatusOK && out.Progress != nil && out.Progress.Done:
				fl.acked++
				l.ok[w].Add(1)
			case resp.StatusCode == http.StatusBadRequest && fl.ambiguous > 0:
				// An earlier try was committed: the quiz is passed already.
			case resp.StatusCode == http.StatusUnauthorized && l.opts.sessionsLost:
				for !l.stopped() && !fl.openQuiz(l, w) {
					pause()
				}
				continue
			default:
				l.violation("completer: passing the quiz answered %d %q", resp.StatusCode, body)
			}
			break
		}
		l.mu.Lock()
		l.completers = append(l.completers, fl)
		l.mu.Unlock()
	}
}

// profileEditor saves a new name again and again; the profile must end
// with the last name acknowledged, or a later one whose save answered 503.
type profileEditor struct {
	*faultLearner
	acked, tried int // the numbers in the last name acknowledged and tried
}

func (l *roundLoad) editProfile(w int) {
	p := l.profile
	for !l.stopped() && !p.openProfile(l) {
		pause()
	}
	for n := 1; !l.stopped(); n++ {
		form := url.Values{"name": {fmt.Sprintf("Name %d", n)}, "email": {""}, "csrf_token": {p.csrf}}
		req, _ := http.NewRequest(http.MethodPost, p.base+"/profile", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		status, body, hdr, err := doNoRedirect(p.client, req)
		if err != nil {
			l.violation("profile: POST: %v", err)
			continue
		}
		l.saw(status)
		p.tried = n
		switch {
		case status == http.StatusSeeOther:
			p.acked = n
			l.ok[w].Add(1)
		case status == http.StatusServiceUnavailable && hdr.Get("Retry-After") != "":
			pause()
		case status == http.StatusForbidden && l.opts.sessionsLost:
			for !l.stopped() && !p.openProfile(l) {
				pause()
			}
		default:
			l.violation("profile: POST answered %d %.200q", status, body)
		}
	}
}

func (p *profileEditor) openProfile(l *roundLoad) bool {
	resp, err := p.client.Get(p.base + "/profile")
	if err != nil {
		l.violation("profile: GET: %v", err)
		return false
	}
	defer resp.Body.Close()
	l.saw(resp.StatusCode)
	if resp.StatusCode != http.StatusOK {
		return false
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		return false
	}
	p.csrf, _ = doc.Find(`input[name="csrf_token"]`).Attr("value")
	if name, ok := doc.Find(`input[name="name"]`).Attr("value"); ok {
		fmt.Sscanf(name, "Name %d", &p.shown)
	}
	return p.csrf != ""
}

func doNoRedirect(c *http.Client, req *http.Request) (int, []byte, http.Header, error) {
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return doWith(&nc, req)
}
