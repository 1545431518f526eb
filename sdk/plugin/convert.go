package plugin

import (
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/internal/pb"
)

func objectToPB(o sdk.Object) *pb.Object {
	return &pb.Object{Id: o.ID, ActivityId: o.ActivityID, Title: o.Title, Config: o.Config, MediaBaseUrl: o.MediaBaseURL, Language: o.Language}
}

func objectFromPB(o *pb.Object) sdk.Object {
	if o == nil {
		return sdk.Object{}
	}
	return sdk.Object{ID: o.Id, ActivityID: o.ActivityId, Title: o.Title, Config: o.Config, MediaBaseURL: o.MediaBaseUrl, Language: o.Language}
}

func resultToPB(r *sdk.Result) *pb.Result {
	if r == nil {
		return nil
	}
	out := &pb.Result{Success: r.Success, Completion: r.Completion, Response: r.Response, Duration: r.Duration, Extensions: r.Extensions}
	if r.Score != nil {
		out.Score = &pb.Score{Raw: r.Score.Raw, Min: r.Score.Min, Max: r.Score.Max, Scaled: r.Score.Scaled}
	}
	return out
}

func resultFromPB(r *pb.Result) *sdk.Result {
	if r == nil {
		return nil
	}
	out := &sdk.Result{Success: r.Success, Completion: r.Completion, Response: r.Response, Duration: r.Duration, Extensions: r.Extensions}
	if r.Score != nil {
		out.Score = &sdk.Score{Raw: r.Score.Raw, Min: r.Score.Min, Max: r.Score.Max, Scaled: r.Score.Scaled}
	}
	return out
}

func draftToPB(d sdk.StatementDraft) *pb.StatementDraft {
	out := &pb.StatementDraft{
		Verb:              &pb.Verb{Id: d.Verb.ID, Display: d.Verb.Display},
		Result:            resultToPB(d.Result),
		ContextExtensions: d.ContextExtensions,
	}
	if d.Activity != nil {
		out.Activity = &pb.Activity{IdSuffix: d.Activity.IDSuffix, Definition: d.Activity.Definition}
	}
	return out
}

func draftFromPB(d *pb.StatementDraft) sdk.StatementDraft {
	out := sdk.StatementDraft{Result: resultFromPB(d.Result), ContextExtensions: d.ContextExtensions}
	if d.Verb != nil {
		out.Verb = sdk.Verb{ID: d.Verb.Id, Display: d.Verb.Display}
	}
	if d.Activity != nil {
		out.Activity = &sdk.Activity{IDSuffix: d.Activity.IdSuffix, Definition: d.Activity.Definition}
	}
	return out
}

func handleFromPB(req *pb.HandleRequest) *sdk.HandleRequest {
	in := &sdk.HandleRequest{
		Object: objectFromPB(req.Object), State: req.State, Locale: req.Locale,
		Registration: req.Registration, SessionID: req.SessionId, Render: req.Render,
	}
	if req.Event != nil {
		in.Event = sdk.Event{Type: req.Event.Type, Data: req.Event.Data}
	}
	return in
}

func renderToPB(r *sdk.RenderResponse) *pb.RenderResponse {
	return &pb.RenderResponse{Html: r.HTML, Assets: r.Assets, ClientState: r.ClientState}
}

// renderFromPB returns nil for nil, so that a HandleResponse has a View
// only when one was rendered.
func renderFromPB(r *pb.RenderResponse) *sdk.RenderResponse {
	if r == nil {
		return nil
	}
	return &sdk.RenderResponse{HTML: r.Html, Assets: r.Assets, ClientState: r.ClientState}
}
