package http

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lode-elearning/lode/engine"
)

// Forwarding's check is advisory: a remote LRS down shows in /readyz but
// leaves the server ready.
func TestReadyz_AdvisoryCheck(t *testing.T) {
	s := New(Config{})
	s.Ready = []ReadyCheck{{Name: "forward", Advisory: true, Check: func(context.Context) error {
		return engine.Errorf(engine.EUNAVAILABLE, "forwarding to lrs.example has failed")
	}}}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	resp, err := http.Get(ts.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out readyJSON
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !out.Ready || len(out.Checks) != 1 || out.Checks[0].OK || out.Checks[0].Error == "" {
		t.Fatalf("status %d, %+v: want 200, ready, with the failed advisory check reported", resp.StatusCode, out)
	}
}
