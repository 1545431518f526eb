package main

import (
	"context"
	"io"
)

// runPluginCommand dispatches `lode plugin SUBCOMMAND`.
func runPluginCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "new" {
		return pluginNew(args[1:], stdout, stderr)
	}
	return runPlugin(args)
}
