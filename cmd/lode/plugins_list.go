package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"text/tabwriter"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/pluginhost"
)

// listPlugins starts every content type the configuration gives, built-in
// and external, and prints what each says about itself, its digest and
// whether it started: what an operator checks after installing a plugin
// and pins (plugin_sha256, LODE_PLUGIN_SHA256). Warnings, such as an
// unpinned plugin's, go to stderr.
func listPlugins(ctx context.Context, cfg config.Config, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := startPlugins(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tKIND\tVERSION\tPROTOCOL\tSHA256\tPINNED\tSTATE")
	for _, st := range h.Status() {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", st.Name, kind(st), orDash(st.Version),
			orDash(protocol(st)), orDash(st.SHA256), pinned(cfg, st), state(st))
	}
	return w.Flush()
}

func kind(st pluginhost.Status) string {
	if st.Builtin {
		return "built-in"
	}
	return "external"
}

func protocol(st pluginhost.Status) string {
	if st.Protocol == 0 {
		return ""
	}
	return strconv.Itoa(st.Protocol)
}

// pinned says "yes" or "no" for an external type; a built-in runs from
// the lode executable itself and has nothing to pin.
func pinned(cfg config.Config, st pluginhost.Status) string {
	switch {
	case st.Builtin:
		return "-"
	case cfg.PluginSHA256[st.Name] != "":
		return "yes"
	}
	return "no"
}

func state(st pluginhost.Status) string {
	if st.Ready {
		return "ready"
	}
	return "failed: " + st.LastError
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
