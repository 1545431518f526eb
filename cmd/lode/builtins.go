package main

import (
	"fmt"
	"os"
	"sort"

	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/plugins/page"
	"github.com/lode-elearning/lode/plugins/poll"
	"github.com/lode-elearning/lode/plugins/quiz"
	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/plugin"
)

// builtins are the content types shipped inside the lode binary. The
// engine still runs each in its own process, by starting
// `lode plugin run NAME`, so a crash in one never takes the engine down.
var builtins = map[string]func() sdk.ContentType{
	"page":      page.New,
	"quiz":      quiz.New,
	"video":     video.New,
	"checklist": checklist.New,
	"poll":      poll.New,
}

func builtinNames() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// runPlugin serves one built-in content type; it returns only on error.
func runPlugin(args []string) error {
	if len(args) != 2 || args[0] != "run" {
		return fmt.Errorf("usage: lode plugin run NAME (one of %v)", builtinNames())
	}
	newCT, ok := builtins[args[1]]
	if !ok {
		return fmt.Errorf("no built-in content type %q (built in: %v)", args[1], builtinNames())
	}
	if os.Getenv(sdk.Handshake.MagicCookieKey) == "" {
		return fmt.Errorf("lode plugin run %s is started by `lode serve`, not by hand", args[1])
	}
	plugin.Serve(newCT())
	return nil
}
