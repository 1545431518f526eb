package lrs_test

import (
	"testing"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

func TestCursor(t *testing.T) {
	c := lrs.Cursor{Asc: true, Stored: 1764230400123456, Seq: 42}
	got, err := lrs.ParseCursor(c.String(), true)
	if err != nil || got != c {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for name, s := range map[string]string{
		"OtherOrder": c.String(), // an ascending cursor used for a descending listing
		"Garbage":    "not-a-cursor!",
		"Empty":      "",
		"NotNumbers": "YS54Lnk", // "a.x.y"
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := lrs.ParseCursor(s, false); engine.ErrorCode(err) != engine.EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
		})
	}
}

func TestPageLimit(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{0, lrs.DefaultPageLimit}, {1, 1}, {5000, lrs.MaxPageLimit}} {
		if got, err := lrs.PageLimit(tc.in); err != nil || got != tc.want {
			t.Errorf("PageLimit(%d) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	if _, err := lrs.PageLimit(-1); engine.ErrorCode(err) != engine.EINVALID {
		t.Errorf("negative limit: %v", err)
	}
}
