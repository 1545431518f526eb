package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// The sample module, as a learner steps through it: each object's page and
// the events its script sends, ending with the quiz passed on the second
// attempt, which completes the module.
const soakModule = "/modules/reference-desk-basics"

var soakSteps = []struct {
	object string
	media  []string // files the page loads
	events []string
}{
	{object: "welcome", media: []string{"images/desk.svg"}, events: []string{`{"type":"complete"}`}},
	{object: "media-check", media: []string{"media/check.webm", "media/check.en.vtt"}, events: []string{
		`{"type":"played","data":{"time":0,"length":6}}`,
		`{"type":"progress","data":{"time":3,"segments":[[0,3]],"length":6}}`,
		`{"type":"ended","data":{"time":6,"segments":[[3,6]],"length":6}}`,
	}},
	{object: "interview", events: []string{`{"type":"complete"}`}},
	{object: "first-shift", events: []string{
		`{"type":"save","data":{"items":["tour"],"note":[""]}}`,
		`{"type":"save","data":{"items":["tour","policy","catalog"],"note":["Questions about tax forms."]}}`,
	}},
	// The poll comes after the quiz in the module; answered before it here
	// because the quiz's last answer must be the one that completes it.
	{object: "have-your-say", events: []string{`{"type":"answer","data":{"choice":["1"]}}`}},
	{object: "check", events: []string{
		`{"type":"submit","data":{"open-question":["p2"],"interview-steps":["guess"],"privacy":["true"],"ill":["a loan"],"follow-up-when":["never"]}}`,
		`{"type":"retry"}`,
		`{"type":"submit","data":{"open-question":["p1"],"interview-steps":["approach","paraphrase","follow-up"],"privacy":["false"],"ill":["interlibrary loan"],"follow-up-when":["end"]}}`,
	}},
}

// learner runs one journey after another, each a new learner.
func (l *soakLoad) learner(ctx context.Context, w int) {
	tick := time.NewTicker(learnerStep)
	defer tick.Stop()
	for ctx.Err() == nil {
		v := &soakVisit{l: l, ctx: ctx, tick: tick, fl: newFaultLearner(l.t, l.srv.URL), addr: l.nextAddress()}
		end := v.journey()
		l.mu.Lock()
		l.journeys[end]++
		if end == "completed" {
			l.completed = append(l.completed, v.fl)
		}
		l.mu.Unlock()
	}
}

// soakVisit is one learner's journey.
type soakVisit struct {
	l         *soakLoad
	ctx       context.Context
	tick      *time.Ticker
	fl        *faultLearner
	addr      string // where the learner comes from, as the proxy says
	ambiguous bool   // an event answered 503: it may have been committed
}

// nextAddress is the next learner's address: each learner comes from an
// address of their own, as on the open web, so that the limit of new
// learners per address (new_learners_per_hour) is kept by real learners
// and the limiter's keys churn as they would. The proxy in front of Lode
// (LODE_TRUSTED_PROXIES=127.0.0.1) names it in X-Forwarded-For; it is a
// loopback address that nothing is sent to.
func (l *soakLoad) nextAddress() string {
	n := l.addresses.Add(1)
	return fmt.Sprintf("127.%d.%d.%d", 1+(n>>16)%254, (n>>8)&255, n&255)
}

// get sends a GET from the learner's browser through the proxy.
func (v *soakVisit) get(path string) (*http.Response, error) {
	req, _ := http.NewRequest(http.MethodGet, v.fl.base+path, nil)
	req.Header.Set("X-Forwarded-For", v.addr)
	return v.fl.client.Do(req)
}

// journey steps through the module and says how it ended: "completed",
// "stopped" (the run ended), "ambiguous" (a 503 left it unknown whether
// the module completed) or "failed".
func (v *soakVisit) journey() string {
	if !v.page("/") || !v.page(soakModule) {
		return v.ended()
	}
	var last eventAnswer
	for _, s := range soakSteps {
		if !v.page(soakModule + "/objects/" + s.object) {
			return v.ended()
		}
		for _, m := range s.media {
			if !v.media(soakModule + "/media/" + m) {
				return v.ended()
			}
		}
		for _, e := range s.events {
			var ok bool
			if last, ok = v.event(s.object, e); !ok {
				return v.ended()
			}
		}
	}
	switch {
	case last.ModuleCompleted:
		return "completed"
	case v.ambiguous:
		return "ambiguous"
	}
	v.l.note("learner", http.StatusOK, nil, false, "the last event of the journey did not complete the module")
	return "failed"
}

func (v *soakVisit) ended() string {
	if v.ctx.Err() != nil {
		return "stopped"
	}
	return "failed"
}

// step waits for the learner's next turn; false once the run has ended.
func (v *soakVisit) step() bool {
	select {
	case <-v.ctx.Done():
		return false
	case <-v.tick.C:
		return true
	}
}

// page loads a page and keeps its CSRF token; a 503 is tried again.
func (v *soakVisit) page(path string) bool {
	for v.step() {
		resp, err := v.get(path)
		if err != nil {
			v.l.note("learner", 0, err, false, "")
			return false
		}
		doc, perr := goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable {
			v.l.note("learner", resp.StatusCode, nil, false, "GET "+path)
			continue
		}
		token, _ := doc.Find(`meta[name="lode-csrf"]`).Attr("content")
		ok := resp.StatusCode == http.StatusOK && perr == nil && token != ""
		v.l.note("learner", resp.StatusCode, nil, ok, "GET "+path+": no page with a CSRF token")
		v.fl.csrf = token
		return ok
	}
	return false
}

// media loads a module file as the page does.
func (v *soakVisit) media(path string) bool {
	if !v.step() {
		return false
	}
	resp, err := v.get(path)
	if err != nil {
		v.l.note("learner", 0, err, false, "")
		return false
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	v.l.note("learner", resp.StatusCode, err, resp.StatusCode == http.StatusOK, "GET "+path)
	return resp.StatusCode == http.StatusOK && err == nil
}

// event sends one event as the object's script does. A 503 is tried again;
// a 400 after a 503 means the first try was committed after all.
func (v *soakVisit) event(object, body string) (eventAnswer, bool) {
	retried := false
	for v.step() {
		req, _ := http.NewRequest(http.MethodPost, v.fl.base+"/api"+soakModule+"/objects/"+object+"/events", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", v.fl.csrf)
		req.Header.Set("X-Forwarded-For", v.addr)
		status, answer, _, err := doWith(v.fl.client, req)
		if err != nil {
			v.l.note("learner", 0, err, false, "")
			return eventAnswer{}, false
		}
		detail := fmt.Sprintf("POST %s event %.40s: %.200s", object, body, answer)
		switch {
		case status == http.StatusOK:
			var out eventAnswer
			err := json.Unmarshal(answer, &out)
			v.l.note("learner", status, nil, err == nil, detail)
			return out, err == nil
		case status == http.StatusServiceUnavailable:
			v.l.note("learner", status, nil, false, detail)
			v.ambiguous, retried = true, true
		case status == http.StatusBadRequest && retried:
			v.l.note("learner", status, nil, true, detail)
			return eventAnswer{}, true
		default:
			v.l.note("learner", status, nil, false, detail)
			return eventAnswer{}, false
		}
	}
	return eventAnswer{}, false
}
