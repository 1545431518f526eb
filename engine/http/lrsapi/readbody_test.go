package lrsapi

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestReadBody: the body comes back whole whether its declared length is
// right, unknown, too small or over presizeMax, and a declared length
// makes one buffer rather than io.ReadAll's doubling.
func TestReadBody(t *testing.T) {
	body := strings.Repeat(`{"verb":"x"},`, 14_000) // 182 KB, a batch of 100
	big := strings.Repeat("b", presizeMax+10)
	for _, c := range []struct {
		name string
		body string
		n    int64
	}{
		{"declared", body, int64(len(body))},
		{"unknown", body, -1},
		{"empty", "", 0},
		{"longer than declared", body, 100},
		{"over presizeMax", big, int64(len(big))},
	} {
		got, err := readBody(strings.NewReader(c.body), c.n)
		if err != nil || string(got) != c.body {
			t.Errorf("%s: %d bytes, %v; want %d bytes", c.name, len(got), err, len(c.body))
		}
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := readBody(strings.NewReader(body), int64(len(body))); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 3 {
		t.Errorf("readBody of a declared 182 KB body: %v allocations, want at most 3", allocs)
	}
}

// TestReadBodyTooLarge: the limit's error comes through, for bodyError to
// keep it a 413.
func TestReadBodyTooLarge(t *testing.T) {
	body := http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(bytes.NewReader(make([]byte, 2000))), 1000)
	_, err := readBody(body, 2000)
	if !errors.As(err, new(*http.MaxBytesError)) {
		t.Fatalf("err = %v, want *http.MaxBytesError", err)
	}
}
