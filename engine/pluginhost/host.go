// Package pluginhost starts content-type plugins as separate processes with
// go-plugin, supervises them (health checks, restart with backoff) and
// exposes them to the engine with per-call timeouts. A crashed plugin makes
// only its own objects unavailable, with a clear message, until it is back.
package pluginhost

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"sort"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk"
)

// Spec says how to start one content type.
type Spec struct {
	Name    string   // content type name, e.g. "quiz"
	Path    string   // executable
	Args    []string // e.g. ["plugin", "run", "quiz"] for built-ins
	SHA256  string   // when set, the executable must have this digest
	Builtin bool     // shipped inside the lode binary
}

// Observer receives the host's measurements; the metrics package implements
// it. All methods must be cheap and safe for concurrent use.
type Observer interface {
	PluginCall(contentType, method string, d time.Duration, err error)
	PluginRestart(contentType string)
}

// Config tunes supervision. Zero values take the defaults.
type Config struct {
	CallTimeout    time.Duration // per Render/Handle call; default 5s
	HealthInterval time.Duration // ping interval; default 2s
	BackoffMin     time.Duration // first restart delay; default 100ms
	BackoffMax     time.Duration // default 10s
	Logger         *slog.Logger
	Observer       Observer
	// RenderCacheBytes bounds the cache of renders (see VolatileRender);
	// default DefaultRenderCacheBytes, negative turns the cache off.
	RenderCacheBytes int
}

func (c *Config) defaults() {
	if c.CallTimeout == 0 {
		c.CallTimeout = 5 * time.Second
	}
	if c.HealthInterval == 0 {
		c.HealthInterval = 2 * time.Second
	}
	if c.BackoffMin == 0 {
		c.BackoffMin = 100 * time.Millisecond
	}
	if c.BackoffMax == 0 {
		c.BackoffMax = 10 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	if c.RenderCacheBytes == 0 {
		c.RenderCacheBytes = DefaultRenderCacheBytes
	}
}

type nopObserver struct{}

func (nopObserver) PluginCall(string, string, time.Duration, error) {}
func (nopObserver) PluginRestart(string)                            {}

// Host owns every content-type process.
type Host struct {
	cfg     Config
	plugins map[string]*supervisor
	renders *renderCache // nil when off
	cancel  context.CancelFunc
	done    chan struct{}
}

// Start starts every plugin in specs and waits until each has started once
// (or failed to). A plugin that fails keeps being retried in the background
// and is reported by Status; it does not stop the others. Start returns an
// error only for specs that can never work: duplicate names, a missing
// executable or a digest mismatch.
func Start(ctx context.Context, cfg Config, specs []Spec) (*Host, error) {
	cfg.defaults()
	h := &Host{cfg: cfg, plugins: map[string]*supervisor{}, done: make(chan struct{})}
	if cfg.RenderCacheBytes > 0 {
		h.renders = newRenderCache(cfg.RenderCacheBytes)
	}
	for _, s := range specs {
		if _, dup := h.plugins[s.Name]; dup {
			return nil, fmt.Errorf("content type %q is provided twice (second: %s)", s.Name, s.Path)
		}
		if _, err := verify(s); err != nil {
			return nil, err
		}
		h.plugins[s.Name] = newSupervisor(s, &h.cfg)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	h.cancel = cancel
	started := make(chan struct{}, len(h.plugins))
	count := 0
	for _, p := range h.plugins {
		count++
		go func() {
			p.run(runCtx, started)
			h.done <- struct{}{}
		}()
	}
	for i := 0; i < count; i++ {
		select {
		case <-started:
		case <-ctx.Done():
			h.Close()
			return nil, ctx.Err()
		}
	}
	return h, nil
}

// Close stops every plugin and waits for their supervisors to finish.
func (h *Host) Close() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	for range h.plugins {
		<-h.done
	}
}

// Types returns the names of every configured content type, sorted.
func (h *Host) Types() []string {
	names := make([]string, 0, len(h.plugins))
	for n := range h.plugins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Status reports each plugin's state, sorted by name.
func (h *Host) Status() []Status {
	out := make([]Status, 0, len(h.plugins))
	for _, n := range h.Types() {
		out = append(out, h.plugins[n].status())
	}
	return out
}

func (h *Host) plugin(name string) (*supervisor, error) {
	p, ok := h.plugins[name]
	if !ok {
		return nil, engine.Errorf(engine.ENOTFOUND, "there is no content type %q (installed: %v)", name, h.Types())
	}
	return p, nil
}

// Describe returns what the content type said about itself when it last
// started. EUNAVAILABLE if it has never started.
func (h *Host) Describe(ctx context.Context, name string) (*sdk.Description, error) {
	p, err := h.plugin(name)
	if err != nil {
		return nil, err
	}
	return p.description()
}

// Validate checks an object's configuration, written for the content
// type's current version, with its content type.
func (h *Host) Validate(ctx context.Context, name string, config json.RawMessage) ([]sdk.Problem, error) {
	return h.ValidateVersion(ctx, name, 0, config)
}

// ValidateVersion checks an object's configuration written for the given
// major version of its content type (0: the current one); the plugin
// upgrades an older config before checking it.
func (h *Host) ValidateVersion(ctx context.Context, name string, version int, config json.RawMessage) ([]sdk.Problem, error) {
	p, err := h.plugin(name)
	if err != nil {
		return nil, err
	}
	var resp *sdk.ValidateResponse
	err = p.call(ctx, "Validate", func(ctx context.Context, ct sdk.ContentType) (err error) {
		resp, err = ct.Validate(ctx, &sdk.ValidateRequest{Config: config, ConfigVersion: version})
		return err
	})
	if err != nil {
		return nil, err
	}
	return resp.Problems, nil
}

// Render renders one object through its content type. Its HTML is
// sanitized (SanitizeFragment): it reaches the page only in allowed form.
// A render is kept (sanitized) and given again for the same request to the
// same process, so a repeated view costs no call; a restart, a new build
// or a content type that says VolatileRender is asked anew.
func (h *Host) Render(ctx context.Context, name string, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	p, err := h.plugin(name)
	if err != nil {
		return nil, err
	}
	gen, version, cacheable := p.renderIdentity()
	cacheable = cacheable && h.renders != nil
	var key renderKey
	if cacheable {
		key = keyOf(name, gen, version, req)
		if r, ok := h.renders.get(key); ok {
			return r, nil
		}
	}
	var resp *sdk.RenderResponse
	err = p.call(ctx, "Render", func(ctx context.Context, ct sdk.ContentType) (err error) {
		resp, err = ct.Render(ctx, req)
		return err
	})
	sanitizeRender(resp)
	if err == nil && cacheable {
		h.renders.put(key, resp)
	}
	return resp, err
}

// Handle sends one learner interaction to its content type. With
// req.Render the response's View is the object rendered with the new state,
// from the same call, so an interaction costs one round trip and one
// per-call timeout.
func (h *Host) Handle(ctx context.Context, name string, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	p, err := h.plugin(name)
	if err != nil {
		return nil, err
	}
	var resp *sdk.HandleResponse
	gen, version, cacheable := p.renderIdentity()
	err = p.call(ctx, "Handle", func(ctx context.Context, ct sdk.ContentType) (err error) {
		resp, err = ct.Handle(ctx, req)
		return err
	})
	sanitizeHandle(resp)
	if err == nil && cacheable && h.renders != nil && resp.View != nil {
		h.keepView(name, gen, version, req, resp)
	}
	return resp, err
}

// keepView caches the view a Handle returned as the render of the new
// state, which it is (sdk/plugin renders it with Render), so the learner's
// next page load costs no call either.
func (h *Host) keepView(name string, gen uint64, version string, req *sdk.HandleRequest, resp *sdk.HandleResponse) {
	state := req.State
	if resp.State != nil { // nil keeps the state, as the engine stores it
		state = resp.State
	}
	next := &sdk.RenderRequest{Object: req.Object, State: state, Locale: req.Locale, Registration: req.Registration}
	h.renders.put(keyOf(name, gen, version, next), resp.View)
}

// Asset fetches one file the content type ships.
func (h *Host) Asset(ctx context.Context, name, asset string) (*sdk.Asset, error) {
	p, err := h.plugin(name)
	if err != nil {
		return nil, err
	}
	var resp *sdk.Asset
	err = p.call(ctx, "Asset", func(ctx context.Context, ct sdk.ContentType) (err error) {
		resp, err = ct.Asset(ctx, asset)
		return err
	})
	return resp, err
}

// NewCommand returns the command that starts spec, for callers that want to
// start a plugin themselves (tests, `lode plugin check`).
func NewCommand(s Spec) *exec.Cmd { return exec.Command(s.Path, s.Args...) }
