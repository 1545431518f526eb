package devbench

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk"
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
