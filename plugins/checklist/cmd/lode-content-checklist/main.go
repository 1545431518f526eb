// Command lode-content-checklist is the "checklist" content-type plugin; the
// Lode engine starts it.
package main

import (
	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/sdk/plugin"
)

func main() { plugin.Serve(checklist.New()) }
