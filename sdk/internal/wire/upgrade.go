package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/lode-elearning/lode/sdk"
)

// versions holds the content type's current major version, read from its
// Describe on first use, and applies its Upgrader.
//
// A learner's state is stored by the engine as the plugin returns it. For
// a content type that implements sdk.Upgrader, from major version 2 on, the
// server wraps it in an envelope that records the version that wrote it,
// {"lode_type_version": 2, "state": ...}, and unwraps it before the content
// type sees it; a state without the envelope was written before the content
// type had upgrades, and counts as version 1. So states saved before a
// content type first needed an upgrade keep working, the engine stores no
// version of its own (no schema change), and a content type without
// upgrades is never asked for its version outside Describe.
type versions struct {
	once    sync.Once
	current int
	err     error
}

const envelopeKey = "lode_type_version"

type envelope struct {
	Version int             `json:"lode_type_version"`
	State   json.RawMessage `json:"state"`
}

func (s *Server) currentVersion(ctx context.Context) (int, error) {
	s.versions.once.Do(func() {
		d, err := s.Impl.Describe(ctx)
		if err != nil {
			s.versions.err = fmt.Errorf("reading the content type's version: %w", err)
			return
		}
		s.versions.current = sdk.MajorVersion(d.Version)
	})
	return s.versions.current, s.versions.err
}

// upgradeConfig returns config in the current version's shape. A config
// written for a newer version than this plugin's is the author's mistake
// (or an old plugin installed): an *sdk.InvalidError saying both versions.
func (s *Server) upgradeConfig(ctx context.Context, from int, config json.RawMessage) (json.RawMessage, error) {
	if from == 0 {
		return config, nil
	}
	current, err := s.currentVersion(ctx)
	switch {
	case err != nil:
		return nil, err
	case from > current:
		return nil, sdk.Invalidf("type_version %d is newer than this content type's version %d: install the newer plugin, or write the config for version %d", from, current, current)
	case from < 1:
		return nil, sdk.Invalidf("type_version %d: versions start at 1", from)
	case from == current:
		return config, nil
	}
	u, ok := s.Impl.(sdk.Upgrader)
	if !ok {
		return config, nil // the shape did not change
	}
	return climb(ctx, from, current, config, u.UpgradeConfig)
}

// openState unwraps a stored state and upgrades it to the current version.
func (s *Server) openState(ctx context.Context, state json.RawMessage) (json.RawMessage, error) {
	from, inner := 1, state
	if bytes.Contains(state, []byte(envelopeKey)) {
		var e envelope
		if json.Unmarshal(state, &e) == nil && e.Version > 0 && e.State != nil {
			from, inner = e.Version, e.State
		}
	}
	u, ok := s.Impl.(sdk.Upgrader)
	if len(state) == 0 || (!ok && from == 1) {
		return state, nil
	}
	current, err := s.currentVersion(ctx)
	switch {
	case err != nil:
		return nil, err
	case from > current:
		return nil, fmt.Errorf("the learner's state was saved by version %d of this content type, newer than its version %d", from, current)
	case from == current || !ok:
		return inner, nil
	}
	return climb(ctx, from, current, inner, u.UpgradeState)
}

// climb upgrades v one major version at a time, from from to current: a
// content type's upgrade for each version is written once, when that
// version is released, and never touched again, however many versions
// follow it (see sdk.Upgrader).
func climb(ctx context.Context, from, current int, v json.RawMessage, step func(context.Context, int, json.RawMessage) (json.RawMessage, error)) (json.RawMessage, error) {
	for ; from < current; from++ {
		var err error
		if v, err = step(ctx, from, v); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// sealState wraps a state the content type returned in the envelope, from
// version 2 on, when the content type has upgrades.
func (s *Server) sealState(ctx context.Context, state json.RawMessage) (json.RawMessage, error) {
	if _, ok := s.Impl.(sdk.Upgrader); !ok {
		return state, nil
	}
	current, err := s.currentVersion(ctx)
	if err != nil || len(state) == 0 || current < 2 {
		return state, err
	}
	return json.Marshal(envelope{Version: current, State: state})
}
