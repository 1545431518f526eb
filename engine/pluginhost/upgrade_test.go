package pluginhost_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// pollPlugin is the poll content type at version 2, which renamed version
// 1's config field "options" to "choices" and its state's "choice" to
// "picked" (plugins/poll/upgrade.go).
var pollPlugin = &sdktest.Plugin{Pkg: "../../plugins/poll/cmd/lode-content-poll"}

// What version 1 of the poll wrote: an object's config and a learner's state.
var (
	pollConfigV1 = json.RawMessage(`{"question": "Which?", "options": ["Books", "Rooms", "Talks"]}`)
	pollStateV1  = json.RawMessage(`{"choice": 1}`)
)

// A config and a learner state written for version 1 work through the host
// with the version 2 plugin process, and what it stores says version 2.
func TestUpgradeThroughTheHost(t *testing.T) {
	h := MustStart(t, pluginhost.Config{}, pluginhost.Spec{Name: "poll", Path: pollPlugin.Path(t)})
	ctx := context.Background()
	t.Run("ValidateV1", func(t *testing.T) {
		problems, err := h.ValidateVersion(ctx, "poll", 1, pollConfigV1)
		if err != nil || len(problems) != 0 {
			t.Fatalf("ValidateVersion(1) = %v, %v; want no problems", problems, err)
		}
	})
	t.Run("V1WithoutTypeVersionIsWrong", func(t *testing.T) {
		problems, err := h.Validate(ctx, "poll", pollConfigV1)
		if err != nil || len(problems) == 0 {
			t.Fatalf("Validate = %v, %v; want the unknown field options reported", problems, err)
		}
	})
	t.Run("NewerThanThePlugin", func(t *testing.T) {
		problems, err := h.ValidateVersion(ctx, "poll", 3, pollConfigV1)
		if err != nil || len(problems) != 1 || !strings.Contains(problems[0].Message, "type_version 3 is newer than this content type's version 2") {
			t.Fatalf("ValidateVersion(3) = %v, %v", problems, err)
		}
	})
	obj := sdk.Object{ID: "p", ActivityID: "https://lode.test/p", Title: "Poll", Config: pollConfigV1, ConfigVersion: 1}
	t.Run("RenderV1State", func(t *testing.T) {
		r, err := h.Render(ctx, "poll", &sdk.RenderRequest{Object: obj, State: pollStateV1})
		if err != nil || !strings.Contains(r.HTML, "Your answer: Rooms") {
			t.Fatalf("render %+v, %v; want the version 1 answer shown", r, err)
		}
	})
	t.Run("HandleV1StateStoresV2", func(t *testing.T) {
		data, _ := json.Marshal(sdk.FormFields{"choice": {"2"}})
		r, err := h.Handle(ctx, "poll", &sdk.HandleRequest{Object: obj, State: pollStateV1, Event: sdk.Event{Type: "answer", Data: data}})
		if err != nil {
			t.Fatal(err)
		}
		var stored struct {
			Version int             `json:"lode_type_version"`
			State   json.RawMessage `json:"state"`
		}
		if err := json.Unmarshal(r.State, &stored); err != nil || stored.Version != 2 || string(stored.State) != `{"picked":2}` {
			t.Fatalf("stored state %s, want version 2's {\"picked\":2} in the envelope", r.State)
		}
		again, err := h.Render(ctx, "poll", &sdk.RenderRequest{Object: obj, State: r.State})
		if err != nil || !strings.Contains(again.HTML, "Your answer: Talks") {
			t.Fatalf("render of the stored state %+v, %v", again, err)
		}
	})
}
