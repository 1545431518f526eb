package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/lode-elearning/lode/engine/config"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/pluginhost"
)

// externalPrefix names external content-type binaries in the plugin dir.
const externalPrefix = "lode-content-"

// pluginSpecs lists the built-in content types (this binary, re-executed
// as `lode plugin run NAME`) and the external ones found in PluginDir. An
// external plugin with a built-in's name replaces it, so an author can try
// a new version of a built-in type without rebuilding Lode.
func pluginSpecs(cfg config.Config, log *slog.Logger) ([]pluginhost.Spec, error) {
	exe, err := pluginExecutable()
	if err != nil {
		return nil, fmt.Errorf("find the lode executable to run built-in content types: %w", err)
	}
	byName := map[string]pluginhost.Spec{}
	for _, name := range builtinNames() {
		byName[name] = pluginhost.Spec{Name: name, Path: exe, Args: []string{"plugin", "run", name}, Builtin: true}
	}
	external, err := externalSpecs(cfg)
	if err != nil {
		return nil, err
	}
	for _, s := range external {
		if _, ok := byName[s.Name]; ok {
			log.Warn("external content type replaces the built-in one", "content_type", s.Name, "path", s.Path)
		}
		byName[s.Name] = s
	}
	specs := make([]pluginhost.Spec, 0, len(byName))
	for _, s := range byName {
		specs = append(specs, s)
	}
	return specs, nil
}

func externalSpecs(cfg config.Config) ([]pluginhost.Spec, error) {
	if cfg.PluginDir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(cfg.PluginDir)
	if err != nil {
		return nil, fmt.Errorf("plugin_dir (LODE_PLUGIN_DIR): %w", err)
	}
	var specs []pluginhost.Spec
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), externalPrefix)
		if !ok || e.IsDir() || name == "" {
			continue
		}
		path, err := filepath.Abs(filepath.Join(cfg.PluginDir, e.Name()))
		if err != nil {
			return nil, err
		}
		specs = append(specs, pluginhost.Spec{Name: name, Path: path, SHA256: cfg.PluginSHA256[name]})
	}
	for name := range cfg.PluginSHA256 {
		if !hasSpec(specs, name) {
			return nil, fmt.Errorf("plugin_sha256 pins %q, but %s has no %s%s", name, cfg.PluginDir, externalPrefix, name)
		}
	}
	return specs, nil
}

func hasSpec(specs []pluginhost.Spec, name string) bool {
	for _, s := range specs {
		if s.Name == name {
			return true
		}
	}
	return false
}

func startPlugins(ctx context.Context, cfg config.Config, log *slog.Logger, obs pluginhost.Observer) (*pluginhost.Host, error) {
	specs, err := pluginSpecs(cfg, log)
	if err != nil {
		return nil, err
	}
	return pluginhost.Start(ctx, pluginhost.Config{CallTimeout: cfg.PluginCallTimeout, Logger: log, Observer: obs}, specs)
}

// pluginChecks reports each content type to /readyz.
func pluginChecks(h *pluginhost.Host) []lodehttp.ReadyCheck {
	var checks []lodehttp.ReadyCheck
	for _, name := range h.Types() {
		checks = append(checks, lodehttp.ReadyCheck{Name: "plugin:" + name, Check: func(context.Context) error {
			for _, st := range h.Status() {
				if st.Name == name && !st.Ready {
					return fmt.Errorf("the %s content type is restarting (restarts: %d, last error: %s)", name, st.Restarts, st.LastError)
				}
			}
			return nil
		}})
	}
	return checks
}
