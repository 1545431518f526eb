package poll

import (
	"context"
	"encoding/json"

	"github.com/lode-elearning/lode/sdk"
)

// Version 2 renamed the config's "options" to "choices" and the state's
// "choice" to "picked". Modules written for version 1 say type_version: 1
// and learners' states saved by version 1 are kept as they are; sdk/plugin
// calls these to read them, so the rest of the poll knows only version 2.
var _ sdk.Upgrader = (*Type)(nil)

// UpgradeConfig takes a config one version up (the SDK chains the steps):
// from 1, "options" becomes "choices", keeping every other field (an
// unknown one is still Validate's to report). A version 3 would add its
// step as case 2, leaving this one as it is.
func (t *Type) UpgradeConfig(ctx context.Context, from int, config json.RawMessage) (json.RawMessage, error) {
	switch from {
	case 1:
		out, err := renameField(config, "options", "choices")
		if err != nil {
			return nil, sdk.Invalidf("a version 1 config must be a mapping of fields: %v", err)
		}
		return out, nil
	}
	return config, nil
}

// UpgradeState takes a state one version up: from 1, "choice" becomes
// "picked".
func (t *Type) UpgradeState(ctx context.Context, from int, state json.RawMessage) (json.RawMessage, error) {
	switch from {
	case 1:
		return renameField(state, "choice", "picked")
	}
	return state, nil
}

// renameField renames the field old of a JSON object to new, unless new is
// there already.
func renameField(raw json.RawMessage, old, new string) (json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	if v, ok := fields[old]; ok {
		if _, taken := fields[new]; !taken {
			fields[new] = v
			delete(fields, old)
		}
	}
	return json.Marshal(fields)
}
