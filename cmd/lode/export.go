package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/module"
)

const exportUsage = `usage: lode export MODULE_DIR|MODULE_ID -o FILE.zip [-config PATH]

Writes the module as one content package: module.yaml, the Markdown and
media it uses, and lode-package.json (license, content types, checksums).
A module id is looked up in the content directory. See docs/packages.md.
`

// runExport runs `lode export`.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lode export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, exportUsage) }
	configPath := fs.String("config", "", "configuration file")
	out := fs.String("o", "", "the package to write, e.g. module.zip")
	args, err := parseInterleaved(fs, args)
	switch {
	case err != nil:
		return err
	case len(args) != 1 || *out == "":
		fmt.Fprint(stderr, exportUsage)
		return errors.New("export: give one module folder or id, and -o FILE.zip")
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	return export(ctx, cfg, args[0], *out, stdout, stderr)
}

func export(ctx context.Context, cfg config.Config, which, out string, stdout, stderr io.Writer) error {
	host, err := startPlugins(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return err
	}
	defer host.Close()
	dir, err := findModule(ctx, cfg, which)
	if err != nil {
		return err
	}
	m, problems := module.Load(ctx, dir, host)
	printProblems(stderr, problems)
	if m == nil {
		return fmt.Errorf("export: %s has problems; fix them first (lode check)", dir)
	}
	bar := newProgress(stderr, "export")
	mf, err := writeAtomically(out, func(w io.Writer) (*module.Manifest, error) {
		return module.Export(ctx, m, host, w, bar.report)
	})
	bar.done()
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "exported %s %s (%d files) to %s\n", m.ID, m.Version, len(mf.Files), out)
	return nil
}

// findModule returns the folder of a module given as a folder or as the id
// of a module in the content directory.
func findModule(ctx context.Context, cfg config.Config, which string) (string, error) {
	if isModuleFolder(which) {
		return which, nil
	}
	mods, _ := module.LoadAll(ctx, cfg.ContentDir, nil)
	for _, m := range mods {
		if m.ID == which {
			return m.Dir, nil
		}
	}
	return "", fmt.Errorf("%q is neither a module folder nor the id of a module in %s (content_dir)", which, cfg.ContentDir)
}

// writeAtomically writes a file through a temporary one beside it, so an
// interrupted export never leaves half a package under the name asked for.
func writeAtomically(path string, write func(io.Writer) (*module.Manifest, error)) (*module.Manifest, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name()) // renamed away on success
	mf, err := write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return mf, os.Rename(f.Name(), path)
}

// parseInterleaved parses flags written before, between or after the
// positional arguments (lode export DIR -o FILE), which flag alone stops
// at, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
