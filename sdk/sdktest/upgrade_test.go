package sdktest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// rating is a content type at version 3 whose config and state changed
// shape twice, each change written as one step:
//
//	config 1 {"scale": 5}  → 2 {"stars": 5}  → 3 {"stars": {"count": 5}}
//	state  1 {"given": 4}  → 2 {"stars": 4}  → 3 {"stars": 4, "of": N}
//
// Step 2 → 3 of the state only makes sense on a version 2 state, so a
// version 1 state reaches the current shape only if the SDK runs both.
type rating struct{ tally }

func (rating) Describe(context.Context) (*sdk.Description, error) {
	return &sdk.Description{Name: "rating", Version: "3.0.0", ProtocolVersion: sdk.ProtocolVersion}, nil
}

// ratingConfig is version 3's config.
type ratingConfig struct {
	Stars struct {
		Count int `json:"count"`
	} `json:"stars"`
}

func (rating) Validate(_ context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var c ratingConfig
	if err := json.Unmarshal(req.Config, &c); err != nil || c.Stars.Count < 2 {
		return &sdk.ValidateResponse{Problems: []sdk.Problem{{Pointer: "/stars/count", Message: fmt.Sprintf("not a version 3 config: %s", req.Config)}}}, nil
	}
	return &sdk.ValidateResponse{}, nil
}

func (rating) Render(_ context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	var c ratingConfig
	var st struct{ Stars, Of int }
	if json.Unmarshal(req.Object.Config, &c) != nil || json.Unmarshal(req.State, &st) != nil {
		return nil, fmt.Errorf("rating: config %s or state %s is not version 3's", req.Object.Config, req.State)
	}
	return &sdk.RenderResponse{HTML: fmt.Sprintf(`<p id="shown">%d of %d (%d)</p>`, st.Stars, c.Stars.Count, st.Of)}, nil
}

func (rating) UpgradeConfig(_ context.Context, from int, config json.RawMessage) (json.RawMessage, error) {
	switch from {
	case 1:
		var v1 struct{ Scale int }
		if err := json.Unmarshal(config, &v1); err != nil {
			return nil, sdk.Invalidf("a version 1 config has a scale: %v", err)
		}
		return json.Marshal(map[string]int{"stars": v1.Scale})
	case 2:
		var v2 struct{ Stars int }
		if err := json.Unmarshal(config, &v2); err != nil {
			return nil, sdk.Invalidf("a version 2 config has a number of stars: %v", err)
		}
		return json.Marshal(map[string]any{"stars": map[string]int{"count": v2.Stars}})
	}
	return nil, fmt.Errorf("rating: no step from version %d", from)
}

func (rating) UpgradeState(_ context.Context, from int, state json.RawMessage) (json.RawMessage, error) {
	switch from {
	case 1:
		var v1 struct{ Given int }
		if err := json.Unmarshal(state, &v1); err != nil {
			return nil, err
		}
		return json.Marshal(map[string]int{"stars": v1.Given})
	case 2:
		var v2 map[string]int
		if err := json.Unmarshal(state, &v2); err != nil || v2["stars"] == 0 {
			return nil, fmt.Errorf("rating: %s is not a version 2 state", state)
		}
		v2["of"] = 99 // a mark that step 2 → 3 ran
		return json.Marshal(v2)
	}
	return nil, fmt.Errorf("rating: no step from version %d", from)
}

// A config and a state written for version 1 reach version 3 through
// both steps, over gRPC as the engine calls the plugin.
func TestChainedUpgrades(t *testing.T) {
	ct := sdktest.InProcess(t, rating{})
	configs := map[int]string{1: `{"scale": 5}`, 2: `{"stars": 5}`, 3: `{"stars": {"count": 5}}`}
	states := map[int]string{
		1: `{"given": 4}`,
		2: `{"lode_type_version": 2, "state": {"stars": 4}}`,
		3: `{"lode_type_version": 3, "state": {"stars": 4, "of": 99}}`,
	}
	for version, config := range configs {
		t.Run(fmt.Sprintf("ValidateConfigV%d", version), func(t *testing.T) {
			resp, err := ct.Validate(t.Context(), &sdk.ValidateRequest{Config: json.RawMessage(config), ConfigVersion: version})
			if err != nil || len(resp.Problems) != 0 {
				t.Fatalf("Validate = %+v, %v; want no problems", resp, err)
			}
		})
	}
	for version, state := range states {
		t.Run(fmt.Sprintf("RenderConfigV1StateV%d", version), func(t *testing.T) {
			obj := sdk.Object{ID: "r", Config: json.RawMessage(configs[1]), ConfigVersion: 1}
			page, err := ct.Render(t.Context(), &sdk.RenderRequest{Object: obj, State: json.RawMessage(state)})
			if err != nil {
				t.Fatal(err)
			}
			if got := sdktest.Text(sdktest.ByID(sdktest.ParseHTML(t, page.HTML), "shown")); got != "4 of 5 (99)" {
				t.Errorf("shown %q, want 4 of 5 (99)", got)
			}
		})
	}
	t.Run("AStepRefusesTheConfig", func(t *testing.T) {
		resp, err := ct.Validate(t.Context(), &sdk.ValidateRequest{Config: json.RawMessage(`{"stars": "many"}`), ConfigVersion: 2})
		if err != nil {
			t.Fatal(err)
		}
		sdktest.CheckProblems(t, resp.Problems, map[string]string{"": "a version 2 config has a number of stars"})
	})
}
