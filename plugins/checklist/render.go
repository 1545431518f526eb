package checklist

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"strings"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkhtml"
)

// view is what checklist.html shows.
type view struct {
	ID, Legend, Progress string
	Intro                template.HTML
	Items                []itemView
	Reflection           *reflectionView
	Completed            bool
	M                    *messages
}

type itemView struct {
	ID, DOMID, Text   string
	Description       template.HTML
	LinkURL, LinkText string
	Optional, Checked bool
}

type reflectionView struct {
	Prompt, Note string
	Required     bool
	MaxLength    int
}

// Render returns the checklist as one form: a fieldset of checkboxes, the
// reflection and a Save button, with the learner's progress as text.
func (c *Checklist) Render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	cfg, err := parseConfig(req.Object.Config)
	if err != nil {
		return nil, err
	}
	st, err := decodeState(req.State)
	if err != nil {
		return nil, err
	}
	v := newView(req.Object, cfg, st, messagesFor(req.Locale))
	var b strings.Builder
	if err := c.tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("checklist: render %s: %w", req.Object.ID, err)
	}
	return &sdk.RenderResponse{HTML: b.String(), Assets: []string{"checklist.css"}}, nil
}

func newView(obj sdk.Object, cfg *config, st state, msg *messages) view {
	base := obj.MediaBaseURL
	v := view{
		ID:        obj.ID,
		Legend:    cmp.Or(obj.Title, msg.Checklist),
		Progress:  msg.Progress(progressOf(cfg, st)),
		Completed: st.Completed,
		M:         msg,
	}
	if cfg.Intro != "" {
		v.Intro = sdkhtml.Markdown(cfg.Intro, base)
	}
	for _, it := range cfg.Items {
		iv := itemView{ID: it.ID, DOMID: obj.ID + "-item-" + it.ID, Text: it.Text, Optional: !it.IsRequired(), Checked: st.isChecked(it.ID)}
		if it.Description != "" {
			iv.Description = sdkhtml.Markdown(it.Description, base)
		}
		if it.Link != nil {
			iv.LinkURL, iv.LinkText = sdkhtml.ResolveURL(base, it.Link.URL), it.Link.Text
		}
		v.Items = append(v.Items, iv)
	}
	if r := cfg.Reflection; r != nil {
		v.Reflection = &reflectionView{Prompt: r.Prompt, Note: st.Note, Required: r.Required, MaxLength: r.MaxLength}
	}
	return v
}
