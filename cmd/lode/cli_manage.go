package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/lode-elearning/lode/engine/config"
	lodestorage "github.com/lode-elearning/lode/engine/storage"
)

// parseManaged parses the flags of `lode NAME create|list|revoke ARG`, the
// shape of the commands that manage credentials (LRS clients, API
// tokens): -config, and what define adds. It checks that only revoke
// takes an argument, which arg names. It returns the flags and the
// configuration's path.
func parseManaged(name, usage, sub, arg string, args []string, stderr io.Writer, define func(*flag.FlagSet)) (*flag.FlagSet, string, error) {
	fs := flag.NewFlagSet("lode "+name+" "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	configPath := fs.String("config", "", "configuration file")
	define(fs)
	if err := fs.Parse(args); err != nil {
		return nil, "", err
	}
	switch {
	case sub != "create" && sub != "list" && sub != "revoke":
		fmt.Fprint(stderr, usage)
		return nil, "", fmt.Errorf("%s: unknown command %q", name, sub)
	case sub == "revoke" && fs.NArg() != 1:
		return nil, "", errors.New(name + " revoke: give " + arg + " to revoke")
	case sub != "revoke" && fs.NArg() != 0:
		return nil, "", fmt.Errorf("%s %s: unexpected argument %q", name, sub, fs.Arg(0))
	}
	return fs, *configPath, nil
}

// openConfigured loads the configuration at path (configs/lode.yaml when
// empty) and opens its database, migrated: the caller closes it.
func openConfigured(ctx context.Context, path string) (config.Config, lodestorage.Database, error) {
	cfg, err := loadConfig(path)
	if err != nil {
		return cfg, nil, err
	}
	db, err := openMigrated(ctx, cfg)
	return cfg, db, err
}
