package poll_test

import (
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"

	"github.com/lode-elearning/lode/plugins/poll"
)

// A module written for version 1 (type_version: 1, "options") and a state
// saved by version 1 ({"choice": 1}, no envelope) both work under version 2.
func TestUpgradeFromVersion1(t *testing.T) {
	sdktest.Both(t, poll.New(), plugin, func(t *testing.T, ct sdk.ContentType) {
		v1 := sdktest.ReadConfig(t, "testdata/sample-v1.yaml")
		t.Run("ValidateV1Config", func(t *testing.T) {
			resp, err := ct.Validate(t.Context(), &sdk.ValidateRequest{Config: v1, ConfigVersion: 1})
			if err != nil || len(resp.Problems) != 0 {
				t.Fatalf("Validate(v1 config, version 1) = %+v, %v; want no problems", resp, err)
			}
		})
		t.Run("V1ConfigAsCurrentIsRefused", func(t *testing.T) {
			resp, err := ct.Validate(t.Context(), &sdk.ValidateRequest{Config: v1})
			if err != nil {
				t.Fatal(err)
			}
			sdktest.CheckProblems(t, resp.Problems, map[string]string{"/options": `unknown setting "options"`, "/choices": `"choices" is required`})
		})
		t.Run("NewerVersionIsAProblem", func(t *testing.T) {
			resp, err := ct.Validate(t.Context(), &sdk.ValidateRequest{Config: v1, ConfigVersion: 3})
			if err != nil {
				t.Fatal(err)
			}
			sdktest.CheckProblems(t, resp.Problems, map[string]string{"": "type_version 3 is newer than this content type's version 2"})
		})
		obj := sdk.Object{ID: "first", Title: "Poll", Config: v1, ConfigVersion: 1}
		t.Run("RenderV1State", func(t *testing.T) {
			page, err := ct.Render(t.Context(), &sdk.RenderRequest{Object: obj, State: sdktest.RawJSON(`{"choice": 1}`)})
			if err != nil {
				t.Fatal(err)
			}
			status := sdktest.ByID(sdktest.ParseHTML(t, page.HTML), "first-answer")
			if got := sdktest.Text(status); got != "Your answer: Study rooms" {
				t.Errorf("status with a version 1 state: %q", got)
			}
		})
		t.Run("HandleStoresVersion2", func(t *testing.T) {
			sc := sdktest.Scenario{Object: obj, Config: v1, State: sdktest.RawJSON(`{"choice": 1}`), Steps: []sdktest.Step{
				{Name: "ChangeAnswer", Event: sdktest.Form("answer", "choice", "2"), WantState: `{"picked": 2}`,
					WantResult: &sdk.Result{Completion: sdk.Bool(true), Response: "Events and talks"},
					Check: func(tb testing.TB, resp *sdk.HandleResponse) {
						if !strings.Contains(string(resp.State), `"lode_type_version":2`) {
							tb.Errorf("stored state %s does not record version 2", resp.State)
						}
					}},
			}}
			sdktest.RunScenario(t, ct, sc)
		})
	})
}
