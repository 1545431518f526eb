package admin_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

func TestParseCompletionFilter(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	for _, tc := range []struct {
		name, from, to, field string
		want                  admin.CompletionFilter
	}{
		{name: "None", want: admin.CompletionFilter{ModuleID: "m1"}},
		{name: "ToIncludesItsDay", from: "2026-03-01", to: "2026-03-31",
			want: admin.CompletionFilter{From: day("2026-03-01"), To: day("2026-04-01"), ModuleID: "m1"}},
		{name: "OneDay", from: "2026-03-01", to: "2026-03-01",
			want: admin.CompletionFilter{From: day("2026-03-01"), To: day("2026-03-02"), ModuleID: "m1"}},
		{name: "BadFrom", from: "03/01/2026", field: "from"},
		{name: "BadTo", to: "2026-02-30", field: "to"},
		{name: "Reversed", from: "2026-03-02", to: "2026-03-01", field: "to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := admin.ParseCompletionFilter(tc.from, tc.to, "m1")
			if tc.field != "" {
				var e *engine.Error
				if !errors.As(err, &e) || e.Code != engine.EINVALID || e.Field != tc.field {
					t.Fatalf("got %v, want EINVALID on %s", err, tc.field)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}
