package main

import (
	"context"
	"io"
)

// runPluginCommand dispatches `lode plugin SUBCOMMAND`.
func runPluginCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "new":
			return pluginNew(args[1:], stdout, stderr)
		case "dev":
			return pluginDev(ctx, args[1:], stderr)
		}
	}
	return runPlugin(args)
}
