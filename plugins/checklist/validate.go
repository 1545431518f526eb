package checklist

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// Validate returns every problem in a checklist's configuration: the
// config type's tags, then the rules they cannot say.
func (c *Checklist) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var ch sdkconfig.Checker
	var cfg config
	if !ch.Typed(req.Config, &cfg) {
		return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
	}
	seen := map[string]int{}
	for i, it := range cfg.Items {
		ptr := fmt.Sprintf("/items/%d", i)
		checkUnique(&ch, ptr+"/id", it.ID, i, seen)
		if it.Link != nil {
			checkURL(&ch, ptr+"/link/url", it.Link.URL)
		}
	}
	return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
}

// checkUnique reports an item id used before; seen maps ids to the index
// of the item that first used them, to report a duplicate where the
// second one is.
func checkUnique(ch *sdkconfig.Checker, ptr, id string, i int, seen map[string]int) {
	if ch.Has(ptr) {
		return
	}
	if first, dup := seen[id]; dup {
		ch.Addf(ptr, "id %q is used twice (also at /items/%d); ids must be unique", id, first)
		return
	}
	seen[id] = i
}

// checkURL checks where a link goes: the web, mail or a file in the module.
func checkURL(ch *sdkconfig.Checker, ptr, ref string) {
	if ch.Has(ptr) {
		return
	}
	u, err := url.Parse(strings.TrimSpace(ref))
	switch {
	case err != nil:
		ch.Addf(ptr, "url %q is not a valid address: %v", ref, err)
	case u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "mailto":
		ch.Addf(ptr, "url must start with https://, http:// or mailto:, or name a file in the module, not %q", u.Scheme+":")
	}
}
