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
	s := New(Config{OpsToken: "ops-token-for-tests-only"})
	s.Ready = []ReadyCheck{{Name: "forward", Advisory: true, Check: func(context.Context) error {
		return engine.Errorf(engine.EUNAVAILABLE, "forwarding to lrs.example has failed")
	}}}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, ts.URL+"/readyz", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer ops-token-for-tests-only")
	resp, err := http.DefaultClient.Do(req)
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
