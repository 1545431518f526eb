package quiz

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"regexp"
	"slices"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdkhtml"
)

// Render returns the quiz as the learner sees it now: the form of the
// current attempt, or after submission the review of it. Before submission
// the HTML holds nothing from which an answer could be read: no correct
// flags, no feedback, no accepted variants. It returns an error if the
// configuration or state does not decode, which Validate and Handle prevent.
func (q *Quiz) Render(ctx context.Context, req *sdk.RenderRequest) (*sdk.RenderResponse, error) {
	cfg, err := loadConfig(req.Object.Config)
	if err != nil {
		return nil, err
	}
	st, err := loadState(req.State, req.Object.ID, req.Registration)
	if err != nil {
		return nil, err
	}
	msg := messagesFor(req.Locale)
	var buf bytes.Buffer
	if st.Submitted {
		err = q.templates.ExecuteTemplate(&buf, "review", newReviewView(cfg, st, req.Object, msg))
	} else {
		err = q.templates.ExecuteTemplate(&buf, "form", newFormView(cfg, st, req.Object, msg))
	}
	if err != nil {
		return nil, fmt.Errorf("quiz: render object %q: %w", req.Object.ID, err)
	}
	return &sdk.RenderResponse{HTML: buf.String(), Assets: []string{cssAsset}}, nil
}

// formView is what the "form" template shows: one attempt, unanswered,
// or with one question per screen, the screen the learner is on.
type formView struct {
	ID        string
	Intro     template.HTML
	Rules     string
	Event     string // the event the form sends
	Questions []formQuestion
	Submit    string
	Paged     bool   // one question per screen: buttons send navField
	Next      string // the label of the button to the next screen; "" on the last
	Previous  string // the label of the button to the previous screen; "" on the first
}

type formQuestion struct {
	ID, Name, Number string
	Prompt           template.HTML
	HintID, Hint     string
	Text             *textInput // fill_in; nil for choice questions
	Options          []option
}

type textInput struct {
	ID, Label, Value string
	MaxLength        int
}

type option struct {
	Type, ID, Name, Value string
	Label                 template.HTML
	Checked               bool
}

func newFormView(cfg *config, st *learnerState, obj sdk.Object, msg *messages) formView {
	base := domID(obj.ID)
	v := formView{
		ID:     base,
		Intro:  markdown(cfg.Intro, obj.MediaBaseURL),
		Rules:  msg.Rules(formatPassingPercent(cfg.PassingScore), st.Attempt, cfg.MaxAttempts),
		Event:  eventSubmit,
		Submit: msg.Submit,
	}
	first, last := 0, len(cfg.Questions)-1
	if cfg.paged() {
		first = cfg.page(st)
		last = first
		v.Event, v.Paged = eventAnswer, true
		if first > 0 {
			v.Previous = msg.Previous
		}
		if first < len(cfg.Questions)-1 {
			v.Next = msg.Next
		}
	}
	for i := first; i <= last; i++ {
		q := &cfg.Questions[i]
		fq := formQuestion{
			ID:     fmt.Sprintf("%s-q%d", base, i+1),
			Name:   q.ID,
			Number: msg.Question(i+1, len(cfg.Questions)),
			Prompt: sdkhtml.Inline(q.Prompt, obj.MediaBaseURL),
		}
		fq.Text, fq.Options = formInputs(q, fq.ID, cfg.Shuffle, st.Seed, obj.MediaBaseURL, msg)
		prefill(fq.Text, fq.Options, st.Answers[q.ID])
		if q.Type == multipleResponse {
			fq.HintID, fq.Hint = fq.ID+"-hint", msg.SelectAll
		}
		v.Questions = append(v.Questions, fq)
	}
	return v
}

// formInputs builds a question's inputs. Input ids use positions, not
// author ids, so they are unique whatever the ids contain; choices are
// numbered in the order shown, so the ids do not give away the author's
// order (which often puts the right answer first) when choices are shuffled.
func formInputs(q *question, qid string, shuffle bool, seed uint32, media string, msg *messages) (*textInput, []option) {
	switch q.Type {
	case fillIn:
		return &textInput{ID: qid + "-text", Label: msg.TextLabel, MaxLength: maxAnswerRunes}, nil
	case trueFalse:
		return nil, []option{
			{Type: "radio", ID: qid + "-true", Name: q.ID, Value: "true", Label: template.HTML(template.HTMLEscapeString(msg.True))},
			{Type: "radio", ID: qid + "-false", Name: q.ID, Value: "false", Label: template.HTML(template.HTMLEscapeString(msg.False))},
		}
	}
	typ := "radio"
	if q.Type == multipleResponse {
		typ = "checkbox"
	}
	var opts []option
	for pos, j := range choiceOrder(q, shuffle, seed) {
		c := q.Choices[j]
		opts = append(opts, option{Type: typ, ID: fmt.Sprintf("%s-c%d", qid, pos+1), Name: q.ID, Value: c.ID, Label: sdkhtml.Inline(c.Text, media)})
	}
	return nil, opts
}

// prefill shows the answer a learner gave on an earlier visit to a screen.
func prefill(text *textInput, opts []option, answer []string) {
	if text != nil && len(answer) > 0 {
		text.Value = answer[0]
	}
	for i := range opts {
		opts[i].Checked = slices.Contains(answer, opts[i].Value)
	}
}

// markdown renders optional author Markdown; empty stays empty so the
// templates can leave the element out.
func markdown(src, media string) template.HTML {
	if src == "" {
		return ""
	}
	return sdkhtml.Markdown(src, media)
}

var unsafeIDChars = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// domID is the id of the quiz's root element. Every other id in the
// fragment extends it, which keeps them unique on a page that shows several
// objects; characters that are awkward in ids and CSS selectors are replaced.
func domID(objectID string) string {
	return "lode-quiz-" + unsafeIDChars.ReplaceAllString(objectID, "_")
}
