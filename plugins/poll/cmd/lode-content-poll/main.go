// Command lode-content-poll is the "poll" content-type plugin.
// Put the binary in Lode's plugin_dir (LODE_PLUGIN_DIR); Lode starts it.
package main

import (
	"github.com/lode-elearning/lode/sdk/plugin"

	"github.com/lode-elearning/lode/plugins/poll"
)

func main() { plugin.Serve(poll.New()) }
