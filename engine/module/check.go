package module

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk"
)

// Validator checks an object's config with its content type. The plugin
// host implements it. Errors are *engine.Error: ENOTFOUND when there is no
// such content type, EUNAVAILABLE when its process cannot answer.
type Validator interface {
	Validate(ctx context.Context, contentType string, config json.RawMessage) ([]sdk.Problem, error)
}

// versionedValidator is implemented by validators that can pass on the
// version a config was written for (module.yaml's type_version), so that the
// content type upgrades an old config before checking it and reports one
// written for a newer version than its own. The plugin host does.
type versionedValidator interface {
	ValidateVersion(ctx context.Context, contentType string, version int, config json.RawMessage) ([]sdk.Problem, error)
}

// typeLister is implemented by validators that know which content types are
// installed (the plugin host does); an unknown type is then answered with
// the list, which is usually all the author needs to fix a typo.
type typeLister interface {
	Types() []string
}

// check asks each object's content type whether its config is right.
//
// An unknown content type is an error: no learner could ever see the
// object; so is an EINVALID error, the content type refusing the config
// outright. Any other failure to answer (the process is down or restarting,
// the call timed out) gives a warning and the module still loads: one
// crashing plugin must not empty the catalog, and the engine answers
// requests for its objects with "unavailable" until it is back.
func (d *decoder) check(ctx context.Context, v Validator, m *learning.Module, srcs []objectSource) {
	for i, o := range m.Objects {
		src := srcs[i]
		if !src.checkable {
			continue
		}
		at := src.node // where problems with the whole config are reported
		if src.configKey != nil {
			at = src.configKey
		}
		problems, err := validate(ctx, v, &o)
		switch engine.ErrorCode(err) {
		case "":
		case engine.ENOTFOUND:
			d.errorf(src.typeNode, fmt.Sprintf("objects[%d].type", i), "%s", unknownType(v, o.Type))
			continue
		case engine.EINVALID: // the content type refused the config outright
			d.errorf(at, fmt.Sprintf("objects[%d].config", i), "%s", engine.ErrorMessage(err))
			continue
		default:
			d.warnf(src.typeNode, fmt.Sprintf("objects[%d].config", i),
				"not checked: content type %q could not validate it (%v); the module is loaded anyway", o.Type, err)
			continue
		}
		for _, p := range problems {
			n := locate(at, src.config, p.Pointer)
			d.errorf(n, fmt.Sprintf("objects[%d].config%s", i, p.Pointer), "%s", p.Message)
		}
	}
}

func validate(ctx context.Context, v Validator, o *learning.Object) ([]sdk.Problem, error) {
	if vv, ok := v.(versionedValidator); ok {
		return vv.ValidateVersion(ctx, o.Type, o.TypeVersion, o.Config)
	}
	return v.Validate(ctx, o.Type, o.Config)
}

func unknownType(v Validator, name string) string {
	msg := fmt.Sprintf("unknown content type %q", name)
	if l, ok := v.(typeLister); ok {
		msg += " (installed: " + strings.Join(l.Types(), ", ") + ")"
	}
	return msg
}
