package wire

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/sdk"
)

// counter is a content type at version 3 with upgrades; each step of
// UpgradeState appends the version it upgraded from to "steps", so a test
// sees the chain the server ran.
type counter struct{ sdk.ContentType }

func (c *counter) Describe(context.Context) (*sdk.Description, error) {
	return &sdk.Description{Name: "counter", Version: "3.1.0"}, nil
}

func (c *counter) UpgradeConfig(_ context.Context, from int, config json.RawMessage) (json.RawMessage, error) {
	return config, nil
}

func (c *counter) UpgradeState(_ context.Context, from int, state json.RawMessage) (json.RawMessage, error) {
	var st struct{ Steps string }
	_ = json.Unmarshal(state, &st)
	return json.RawMessage(`{"steps": "` + st.Steps + strconv.Itoa(from) + `"}`), nil
}

func TestOpenState(t *testing.T) {
	for _, tc := range []struct{ name, stored, want, wantErr string }{
		{"Empty", ``, ``, ""},
		{"Version1HasNoEnvelope", `{"n": 1}`, `{"steps": "12"}`, ""},
		{"Version2", `{"lode_type_version": 2, "state": {"count": 1}}`, `{"steps": "2"}`, ""},
		{"Current", `{"lode_type_version": 3, "state": {"total": 1}}`, `{"total": 1}`, ""},
		{"Newer", `{"lode_type_version": 4, "state": {}}`, ``, "saved by version 4 of this content type, newer than its version 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Server{Impl: &counter{}}
			in := &sdk.RenderRequest{State: json.RawMessage(tc.stored)}
			err := s.upgrade(context.Background(), &in.Object, &in.State)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || string(in.State) != tc.want {
				t.Fatalf("state %s, %v; want %s", in.State, err, tc.want)
			}
		})
	}
}

// The state a content type with upgrades returns is stored with its
// version; one without upgrades is stored as it is.
func TestSealState(t *testing.T) {
	ctx := context.Background()
	got, err := (&Server{Impl: &counter{}}).sealState(ctx, json.RawMessage(`{"total":1}`))
	if err != nil || string(got) != `{"lode_type_version":3,"state":{"total":1}}` {
		t.Errorf("with upgrades: %s, %v", got, err)
	}
	got, err = (&Server{Impl: plain{}}).sealState(ctx, json.RawMessage(`{"n":1}`))
	if err != nil || string(got) != `{"n":1}` {
		t.Errorf("without upgrades: %s, %v", got, err)
	}
}

type plain struct{ sdk.ContentType }
