package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/module"
)

const importUsage = `usage: lode import FILE.zip [-config PATH]

Installs a content package made by lode export into the content directory.
The package is checked as lode check checks a folder, and refused whole if
anything is wrong. Earlier versions are kept under content_dir/.versions.
See docs/packages.md.
`

// runImport runs `lode import`.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lode import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, importUsage) }
	configPath := fs.String("config", "", "configuration file")
	args, err := parseInterleaved(fs, args)
	switch {
	case err != nil:
		return err
	case len(args) != 1:
		fmt.Fprint(stderr, importUsage)
		return errors.New("import: give one package, e.g. lode import module.zip")
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	return importPackage(ctx, cfg, args[0], stdout, stderr)
}

func importPackage(ctx context.Context, cfg config.Config, pkg string, stdout, stderr io.Writer) error {
	host, err := startPlugins(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return err
	}
	defer host.Close()
	bar := newProgress(stderr, "import")
	m, problems, err := module.Install(ctx, cfg.ContentDir, pkg, host, host, module.DefaultLimits, bar.report)
	bar.done()
	printProblems(stderr, problems)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	fmt.Fprintf(stdout, "imported %s %s into %s (a running lode serve --watch picks it up; otherwise restart it)\n",
		m.ID, m.Version, filepath.Join(cfg.ContentDir, m.ID))
	return nil
}

func printProblems(w io.Writer, problems []module.Problem) {
	for _, p := range problems {
		fmt.Fprintln(w, p.String())
	}
}
