package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/pluginhost"
)

// check loads every module with the real content types and prints each
// problem as file:line:col, for authors and for CI of content repositories.
// It fails when any module has an error (warnings alone pass).
func check(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	return checkPaths(ctx, cfg, nil, stdout, io.Discard)
}

// checkPaths checks what `lode check PATH...` names: a content folder of
// modules, one module folder, or a package (.zip), checked as lode import
// would before installing it. No path means the content directory.
// A content folder's modules are counted off on stderr as they load: a
// large re-check takes a while.
func checkPaths(ctx context.Context, cfg config.Config, paths []string, stdout, stderr io.Writer) error {
	host, err := startPlugins(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return err
	}
	defer host.Close()
	if len(paths) == 0 {
		paths = []string{cfg.ContentDir}
	}
	errs := 0
	for _, p := range paths {
		bar := newCountProgress(stderr, "check")
		n, problems, err := checkPath(ctx, host, p, bar.report)
		bar.done()
		if err != nil {
			fmt.Fprintf(stdout, "%s: %v\n", p, err)
			errs++
			continue
		}
		for _, pr := range problems {
			fmt.Fprintln(stdout, pr.String())
			if !pr.Warning {
				errs++
			}
		}
		fmt.Fprintf(stdout, "%d module(s) loaded from %s, %d problem(s)\n", n, p, len(problems))
	}
	if errs > 0 {
		return fmt.Errorf("%d error(s) in modules", errs)
	}
	return nil
}

// checkPath checks one path and returns how many modules loaded.
func checkPath(ctx context.Context, host *pluginhost.Host, path string, progress module.Progress) (int, []module.Problem, error) {
	switch {
	case strings.EqualFold(filepath.Ext(path), ".zip"):
		tmp, err := os.MkdirTemp("", "lode-check-")
		if err != nil {
			return 0, nil, err
		}
		defer os.RemoveAll(tmp)
		m, _, problems, err := module.OpenPackage(ctx, path, tmp, host, host, module.DefaultLimits, nil)
		return loaded(m), problems, err
	case isModuleFolder(path):
		m, problems := module.Load(ctx, path, host)
		return loaded(m), problems, nil
	}
	mods, problems := module.LoadAllWith(ctx, path, host, progress)
	return len(mods), problems, nil
}

func isModuleFolder(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, module.FileName))
	return err == nil && fi.Mode().IsRegular()
}

func loaded[T any](m *T) int {
	if m == nil {
		return 0
	}
	return 1
}
