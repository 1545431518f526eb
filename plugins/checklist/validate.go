package checklist

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

// validID keeps item ids usable in HTML ids and form values.
var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// Validate returns every problem in a checklist's configuration.
func (c *Checklist) Validate(ctx context.Context, req *sdk.ValidateRequest) (*sdk.ValidateResponse, error) {
	var ch sdkconfig.Checker
	var cfg config
	var items []json.RawMessage
	var refl json.RawMessage
	top := sdkconfig.Fields{"intro": &cfg.Intro, "items": &items, "reflection": &refl}
	if !ch.Config(req.Config, top) {
		return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
	}
	if len(items) == 0 && !ch.Has("/items") {
		ch.Addf("/items", "a checklist needs at least one item under items")
	}
	seen := map[string]int{}
	for i, raw := range items {
		validateItem(&ch, i, raw, seen)
	}
	if len(refl) > 0 && string(refl) != "null" {
		validateReflection(&ch, "/reflection", refl)
	}
	return &sdk.ValidateResponse{Problems: ch.Problems()}, nil
}

// validateItem checks item i; seen maps ids to the index of the item that
// first used them, to report a duplicate where the second one is.
func validateItem(ch *sdkconfig.Checker, i int, raw json.RawMessage, seen map[string]int) {
	ptr := fmt.Sprintf("/items/%d", i)
	var it item
	var lnk json.RawMessage
	fields := sdkconfig.Fields{"id": &it.ID, "text": &it.Text, "description": &it.Description, "link": &lnk, "required": &it.Required}
	if !ch.Object(ptr, raw, fields) {
		return
	}
	switch first, dup := seen[it.ID]; {
	case ch.Has(ptr + "/id"):
	case it.ID == "":
		ch.Addf(ptr+"/id", "each item needs an id (such as \"visit-branch\"), which keeps learners' ticks when items are reordered")
	case !validID.MatchString(it.ID):
		ch.Addf(ptr+"/id", "id %q may use only letters, digits, - and _ (at most 64, starting with a letter or digit)", it.ID)
	case dup:
		ch.Addf(ptr+"/id", "id %q is used twice (also at /items/%d); ids must be unique", it.ID, first)
	default:
		seen[it.ID] = i
	}
	if strings.TrimSpace(it.Text) == "" && !ch.Has(ptr+"/text") {
		ch.Addf(ptr+"/text", "each item needs text: the label the learner ticks")
	}
	if len(lnk) > 0 && string(lnk) != "null" {
		validateLink(ch, ptr+"/link", lnk)
	}
}

// validateLink checks an item's link: it needs its own text, because screen
// readers list links out of context and a bare URL tells a learner little.
func validateLink(ch *sdkconfig.Checker, ptr string, raw json.RawMessage) {
	var l link
	if !ch.Object(ptr, raw, sdkconfig.Fields{"url": &l.URL, "text": &l.Text}) {
		return
	}
	if strings.TrimSpace(l.Text) == "" && !ch.Has(ptr+"/text") {
		ch.Addf(ptr+"/text", "a link needs text that says where it goes, such as \"Branch procedures (PDF)\"")
	}
	if ch.Has(ptr + "/url") {
		return
	}
	u, err := url.Parse(strings.TrimSpace(l.URL))
	switch {
	case strings.TrimSpace(l.URL) == "":
		ch.Addf(ptr+"/url", "a link needs a url: https://... or a file in the module's media folder")
	case err != nil:
		ch.Addf(ptr+"/url", "url %q is not a valid address: %v", l.URL, err)
	case u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "mailto":
		ch.Addf(ptr+"/url", "url must start with https://, http:// or mailto:, or name a file in the module, not %q", u.Scheme+":")
	}
}

// validateReflection checks the optional note the learner writes.
func validateReflection(ch *sdkconfig.Checker, ptr string, raw json.RawMessage) {
	var r reflection
	var maxLen *int // nil when left out, to tell it from an explicit 0
	fields := sdkconfig.Fields{"prompt": &r.Prompt, "required": &r.Required, "max_length": &maxLen}
	if !ch.Object(ptr, raw, fields) {
		return
	}
	if strings.TrimSpace(r.Prompt) == "" && !ch.Has(ptr+"/prompt") {
		ch.Addf(ptr+"/prompt", "a reflection needs a prompt: the question the learner answers")
	}
	if maxLen != nil && (*maxLen < 1 || *maxLen > maxMaxLength) && !ch.Has(ptr+"/max_length") {
		ch.Addf(ptr+"/max_length", "max_length must be between 1 and %d characters, not %d", maxMaxLength, *maxLen)
	}
}
