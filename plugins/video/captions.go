package video

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// checkCaptions requires at least one captions track: learners who are deaf
// or hard of hearing, or who watch with the sound off at a public desk,
// cannot follow a video without them (WCAG 2.1, 1.2.2 Captions).
func checkCaptions(ch *sdkconfig.Checker, captions []json.RawMessage) {
	if len(captions) == 0 && !ch.Has("/captions") {
		ch.Addf("/captions", "captions are required so learners who are deaf or hard of hearing can follow the video "+
			"(WCAG 2.1 success criterion 1.2.2); add a WebVTT file, e.g. captions: [{src: intro.en.vtt, srclang: en, label: English}]")
		return
	}
	defaults := 0
	for i, raw := range captions {
		ptr := fmt.Sprintf("/captions/%d", i)
		var c caption
		fields := sdkconfig.Fields{"src": &c.Src, "srclang": &c.Srclang, "label": &c.Label, "default": &c.Default}
		if !ch.Object(ptr, raw, fields) {
			continue
		}
		checkMediaURL(ch, ptr+"/src", c.Src, "the captions file")
		if ext := strings.ToLower(path.Ext(c.Src)); notWebVTT[ext] && !ch.Has(ptr+"/src") {
			ch.Addf(ptr+"/src", "browsers play only WebVTT (.vtt) captions, not %s; convert the file (for example with ffmpeg -i in%s out.vtt)", ext, ext)
		}
		switch {
		case ch.Has(ptr + "/srclang"):
		case c.Srclang == "":
			ch.Addf(ptr+"/srclang", "srclang is required: the captions' language, such as en or es, so players and screen readers pick the right one")
		case !langTag.MatchString(c.Srclang):
			ch.Addf(ptr+"/srclang", "srclang %q is not a language tag such as en, es or pt-BR", c.Srclang)
		}
		if len(captions) > 1 && strings.TrimSpace(c.Label) == "" && !ch.Has(ptr+"/label") {
			ch.Addf(ptr+"/label", "with more than one captions track each needs a label, such as \"English\", for the player's captions menu")
		}
		if c.Default {
			if defaults++; defaults > 1 {
				ch.Addf(ptr+"/default", "only one captions track can be the default")
			}
		}
	}
}
