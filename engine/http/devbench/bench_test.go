package devbench

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// echoTypes answers every Handle call with the event's data as the new
// state; the bench never calls its other methods.
type echoTypes struct{ learning.ContentTypes }

func (echoTypes) Handle(_ context.Context, _ string, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	return &sdk.HandleResponse{State: req.Event.Data}, nil
}

func TestBenchRecords(t *testing.T) {
	ctx := context.Background()
	t.Run("OnlyTheTypeUnderDevelopment", func(t *testing.T) {
		b := New("demo")
		ct := b.Wrap(echoTypes{})
		if _, err := ct.Handle(ctx, "quiz", &sdk.HandleRequest{Event: sdk.Event{Type: "submit"}}); err != nil {
			t.Fatal(err)
		}
		if s, _ := b.view(); len(s.Calls) != 0 {
			t.Errorf("a quiz call was recorded: %+v", s.Calls)
		}
	})
	t.Run("TheLastHundredNewestFirst", func(t *testing.T) {
		b := New("demo")
		ct := b.Wrap(echoTypes{})
		_, changed := b.view()
		for i := range keep + 5 {
			data, _ := json.Marshal(i)
			if _, err := ct.Handle(ctx, "demo", &sdk.HandleRequest{Object: sdk.Object{ID: "o"}, Event: sdk.Event{Type: "n", Data: data}}); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case <-changed:
		default:
			t.Error("recording a call did not signal a change")
		}
		s, _ := b.view()
		if len(s.Calls) != keep || s.Seq != keep+5 {
			t.Fatalf("%d calls kept, seq %d; want %d and %d", len(s.Calls), s.Seq, keep, keep+5)
		}
		if first, last := s.Calls[0], s.Calls[keep-1]; first.Seq != keep+5 || string(first.StateAfter) != "104" || last.Seq != 6 {
			t.Errorf("calls run from %d (state %s) to %d, want 105 (state 104) to 6", first.Seq, first.StateAfter, last.Seq)
		}
	})
}

// draftTypes answers with the event's data as the statement draft's verb
// id: "answered" is not an IRI, which the LRS refuses.
type draftTypes struct{ learning.ContentTypes }

func (draftTypes) Handle(_ context.Context, _ string, req *sdk.HandleRequest) (*sdk.HandleResponse, error) {
	verb := sdk.Verb{ID: string(req.Event.Data), Display: map[string]string{"en-US": "answered"}}
	return &sdk.HandleResponse{Statements: []sdk.StatementDraft{{Verb: verb}}}, nil
}

func TestBenchStatements(t *testing.T) {
	ctx := context.Background()
	b := New("demo")
	ct := b.Wrap(draftTypes{})
	handle := func(reg, object, verb string) {
		t.Helper()
		req := &sdk.HandleRequest{Registration: reg, Object: sdk.Object{ID: object}, Event: sdk.Event{Type: "answer", Data: []byte(verb)}}
		if _, err := ct.Handle(ctx, "demo", req); err != nil {
			t.Fatal(err)
		}
	}
	stmt := func(id string) xapi.Statement { return xapi.Statement{ID: id} }

	handle("reg-1", "first", sdk.VerbAnswered.ID)
	handle("reg-1", "second", "answered")
	handle("reg-2", "first", sdk.VerbAnswered.ID)
	// What WrapProgress notes as the store stores it (TestPluginDevBench
	// goes through a real store): an interaction's statements, one on an
	// object of another type, and the module's completion.
	b.recorded("reg-1", "first", []xapi.Statement{stmt("s1")})
	b.recorded("reg-1", "other-type", []xapi.Statement{stmt("s2")})
	b.recorded("reg-1", "", []xapi.Statement{stmt("completed")})

	s, _ := b.view()
	byObject := map[string]Call{}
	for _, c := range s.Calls {
		byObject[c.Registration+"/"+c.Object] = c
	}
	t.Run("ARefusedDraftSaysWhy", func(t *testing.T) {
		if got := byObject["reg-1/second"].Drafts; len(got) != 1 || !strings.Contains(got[0].Refused, "answered") {
			t.Errorf("drafts of the call with verb id \"answered\": %+v, want it refused naming the id", got)
		}
		if got := byObject["reg-1/first"].Drafts; len(got) != 1 || got[0].Refused != "" {
			t.Errorf("drafts of the call with a valid verb: %+v, want it accepted", got)
		}
	})
	t.Run("RecordedStatementsOnTheirCall", func(t *testing.T) {
		ids := func(c Call) (out []string) {
			for _, st := range c.Recorded {
				out = append(out, st.ID)
			}
			return out
		}
		for key, want := range map[string][]string{"reg-1/first": {"s1"}, "reg-1/second": {"completed"}, "reg-2/first": nil} {
			if got := ids(byObject[key]); !slices.Equal(got, want) {
				t.Errorf("call %s recorded %v, want %v", key, got, want)
			}
		}
	})
}
