// Command lode-content-video is the "video" content-type plugin; the Lode
// engine starts it.
package main

import (
	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk/plugin"
)

func main() { plugin.Serve(video.New()) }
