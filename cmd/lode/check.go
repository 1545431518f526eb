package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/module"
)

// check loads every module with the real content types and prints each
// problem as file:line:col, for authors and for CI of content repositories.
// It fails when any module has an error (warnings alone pass).
func check(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	log := slog.New(slog.DiscardHandler)
	host, err := startPlugins(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	defer host.Close()
	mods, problems := module.LoadAll(ctx, cfg.ContentDir, host)
	errs := 0
	for _, p := range problems {
		fmt.Fprintln(stdout, p.String())
		if !p.Warning {
			errs++
		}
	}
	fmt.Fprintf(stdout, "%d module(s) loaded from %s, %d problem(s)\n", len(mods), cfg.ContentDir, len(problems))
	if errs > 0 {
		return fmt.Errorf("%d error(s) in modules", errs)
	}
	return nil
}
