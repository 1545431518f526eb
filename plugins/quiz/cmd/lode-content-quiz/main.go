// Command lode-content-quiz is the quiz content-type plugin. The Lode
// engine starts it and talks to it over the SDK's protocol.
package main

import (
	"github.com/lode-elearning/lode/plugins/quiz"
	"github.com/lode-elearning/lode/sdk/plugin"
)

func main() { plugin.Serve(quiz.New()) }
