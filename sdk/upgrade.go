package sdk

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
)

// Upgrader is implemented by a content type whose configuration or learner
// state changed shape between major versions (Description.Version "2.0.0"
// after "1.4.0"). sdk/plugin calls it before Validate, Render and Handle
// whenever an object's config was written for an older version (module.yaml
// says so with type_version) or a learner's state was saved by one, so the
// content type's other methods only ever see the current shapes. Modules and
// saved states are never rewritten: the upgrade runs on every call, and must
// therefore be cheap and deterministic.
//
// Each call is one step: from is the major version the value is in, at
// least 1 and less than the current one, and the result must be in the
// shape of version from+1. sdk/plugin chains the steps, so a config written
// for version 1 under a version 3 plugin is passed to UpgradeConfig with
// from 1, then its result with from 2. A content type thus writes the step
// to a new version once, in a case of its own, and never edits the older
// ones:
//
//	func (t *Type) UpgradeConfig(ctx context.Context, from int, config json.RawMessage) (json.RawMessage, error) {
//		switch from {
//		case 1:
//			return renameField(config, "options", "choices") // 1 → 2
//		case 2:
//			return addField(config, "layout", `"list"`) // 2 → 3
//		}
//		return config, nil // a version whose config did not change shape
//	}
//
// An *InvalidError from UpgradeConfig is reported to the author as a problem
// with the config.
type Upgrader interface {
	UpgradeConfig(ctx context.Context, from int, config json.RawMessage) (json.RawMessage, error)
	UpgradeState(ctx context.Context, from int, state json.RawMessage) (json.RawMessage, error)
}

// MajorVersion is the major version of a semantic version such as "2.1.0",
// the number configs and states are versioned by. Versions 0.x count as 1,
// the first version, as does a version that cannot be read.
func MajorVersion(version string) int {
	major, _, _ := strings.Cut(strings.TrimPrefix(version, "v"), ".")
	n, err := strconv.Atoi(major)
	if err != nil || n < 1 {
		return 1
	}
	return n
}
