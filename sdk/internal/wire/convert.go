// Package wire turns the SDK's Go types into the protocol's protobuf
// messages and back, and runs a content type behind those messages. It
// links protobuf but not gRPC, so that a plugin's server (package
// sdk/plugin) does not either.
package wire

import (
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/internal/pb"
)

// ObjectToPB converts an object for the wire.
func ObjectToPB(o sdk.Object) *pb.Object {
	return &pb.Object{Id: o.ID, ActivityId: o.ActivityID, Title: o.Title, Config: o.Config, MediaBaseUrl: o.MediaBaseURL, Language: o.Language, ConfigVersion: int32(o.ConfigVersion)}
}

// ObjectFromPB converts an object from the wire.
func ObjectFromPB(o *pb.Object) sdk.Object {
	if o == nil {
		return sdk.Object{}
	}
	return sdk.Object{ID: o.Id, ActivityID: o.ActivityId, Title: o.Title, Config: o.Config, MediaBaseURL: o.MediaBaseUrl, Language: o.Language, ConfigVersion: int(o.ConfigVersion)}
}

// ResultToPB converts a result for the wire; nil stays nil.
func ResultToPB(r *sdk.Result) *pb.Result {
	if r == nil {
		return nil
	}
	out := &pb.Result{Success: r.Success, Completion: r.Completion, Response: r.Response, Duration: r.Duration, Extensions: r.Extensions}
	if r.Score != nil {
		out.Score = &pb.Score{Raw: r.Score.Raw, Min: r.Score.Min, Max: r.Score.Max, Scaled: r.Score.Scaled}
	}
	return out
}

// ResultFromPB converts a result from the wire; nil stays nil.
func ResultFromPB(r *pb.Result) *sdk.Result {
	if r == nil {
		return nil
	}
	out := &sdk.Result{Success: r.Success, Completion: r.Completion, Response: r.Response, Duration: r.Duration, Extensions: r.Extensions}
	if r.Score != nil {
		out.Score = &sdk.Score{Raw: r.Score.Raw, Min: r.Score.Min, Max: r.Score.Max, Scaled: r.Score.Scaled}
	}
	return out
}

// DraftToPB converts a statement draft for the wire.
func DraftToPB(d sdk.StatementDraft) *pb.StatementDraft {
	out := &pb.StatementDraft{
		Verb:              &pb.Verb{Id: d.Verb.ID, Display: d.Verb.Display},
		Result:            ResultToPB(d.Result),
		ContextExtensions: d.ContextExtensions,
	}
	if d.Activity != nil {
		out.Activity = &pb.Activity{IdSuffix: d.Activity.IDSuffix, Definition: d.Activity.Definition}
	}
	return out
}

// DraftFromPB converts a statement draft from the wire.
func DraftFromPB(d *pb.StatementDraft) sdk.StatementDraft {
	out := sdk.StatementDraft{Result: ResultFromPB(d.Result), ContextExtensions: d.ContextExtensions}
	if d.Verb != nil {
		out.Verb = sdk.Verb{ID: d.Verb.Id, Display: d.Verb.Display}
	}
	if d.Activity != nil {
		out.Activity = &sdk.Activity{IDSuffix: d.Activity.IdSuffix, Definition: d.Activity.Definition}
	}
	return out
}

// HandleFromPB converts a Handle request from the wire.
func HandleFromPB(req *pb.HandleRequest) *sdk.HandleRequest {
	in := &sdk.HandleRequest{
		Object: ObjectFromPB(req.Object), State: req.State, Locale: req.Locale,
		Registration: req.Registration, SessionID: req.SessionId, Render: req.Render,
	}
	if req.Event != nil {
		in.Event = sdk.Event{Type: req.Event.Type, Data: req.Event.Data}
	}
	return in
}

// RenderToPB converts a render for the wire.
func RenderToPB(r *sdk.RenderResponse) *pb.RenderResponse {
	return &pb.RenderResponse{Html: r.HTML, Assets: r.Assets, ClientState: r.ClientState}
}

// RenderFromPB returns nil for nil, so that a HandleResponse has a View
// only when one was rendered.
func RenderFromPB(r *pb.RenderResponse) *sdk.RenderResponse {
	if r == nil {
		return nil
	}
	return &sdk.RenderResponse{HTML: r.Html, Assets: r.Assets, ClientState: r.ClientState}
}
