package forward

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	lo, hi := time.Second, 5*time.Minute
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 9: 256 * time.Second, 10: hi, 64: hi, 1000: hi} {
		for range 100 {
			if d := backoff(n, lo, hi); d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v, want between %v and %v", n, d, want/2, want)
			}
		}
	}
}

func TestRefused(t *testing.T) {
	for status, want := range map[int]bool{
		400: true, 409: true, 413: true, 422: true,
		401: false, 403: false, 404: false, 408: false, 429: false, 500: false, 502: false, 503: false,
	} {
		if got := refused(status); got != want {
			t.Errorf("refused(%d %s) = %v, want %v", status, http.StatusText(status), got, want)
		}
	}
}
