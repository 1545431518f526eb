package video

import (
	"fmt"
	"path"
	"strings"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// checkCaptions checks what the tags cannot: that the files are WebVTT,
// that several tracks are told apart in the player's menu, and that one
// at most is the default.
func checkCaptions(ch *sdkconfig.Checker, captions []caption) {
	defaults := 0
	for i, c := range captions {
		ptr := fmt.Sprintf("/captions/%d", i)
		checkMediaURL(ch, ptr+"/src", c.Src, "the captions file")
		if ext := strings.ToLower(path.Ext(c.Src)); notWebVTT[ext] && !ch.Has(ptr+"/src") {
			ch.Addf(ptr+"/src", "browsers play only WebVTT (.vtt) captions, not %s; convert the file (for example with ffmpeg -i in%s out.vtt)", ext, ext)
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
