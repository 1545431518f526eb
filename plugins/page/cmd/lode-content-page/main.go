// Command lode-content-page is the "page" content-type plugin; the Lode
// engine starts it.
package main

import (
	"github.com/lode-elearning/lode/plugins/page"
	"github.com/lode-elearning/lode/sdk/plugin"
)

func main() { plugin.Serve(page.New()) }
