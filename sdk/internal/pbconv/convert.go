// Package pbconv turns the SDK's Go types into the protocol's generated
// protobuf messages and back, for the engine's side (package
// sdk/pluginclient). A plugin's side does not link it: package wire
// encodes the same messages by hand, without the protobuf runtime.
package pbconv

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

// HandleRequestFromPB converts a Handle request from the wire.
func HandleRequestFromPB(req *pb.HandleRequest) *sdk.HandleRequest {
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

// DescriptionToPB converts a description for the wire.
func DescriptionToPB(d *sdk.Description) *pb.DescribeResponse {
	r := &pb.DescribeResponse{
		Name: d.Name, Title: d.Title, Version: d.Version, ProtocolVersion: int32(d.ProtocolVersion),
		ConfigSchema: d.ConfigSchema, ActivityType: d.ActivityType, Profiles: d.Profiles,
		Scored: d.Capabilities.Scored, Completable: d.Capabilities.Completable, KeepsState: d.Capabilities.KeepsState,
		VolatileRender: d.VolatileRender,
	}
	for _, a := range d.Assets {
		r.Assets = append(r.Assets, &pb.AssetInfo{Name: a.Name, ContentType: a.ContentType})
	}
	return r
}

// DescriptionFromPB converts a description from the wire.
func DescriptionFromPB(r *pb.DescribeResponse) *sdk.Description {
	d := &sdk.Description{
		Name: r.Name, Title: r.Title, Version: r.Version, ProtocolVersion: int(r.ProtocolVersion),
		ConfigSchema: r.ConfigSchema, ActivityType: r.ActivityType, Profiles: r.Profiles,
		Capabilities:   sdk.Capabilities{Scored: r.Scored, Completable: r.Completable, KeepsState: r.KeepsState},
		VolatileRender: r.VolatileRender,
	}
	for _, a := range r.Assets {
		d.Assets = append(d.Assets, sdk.AssetInfo{Name: a.Name, ContentType: a.ContentType})
	}
	return d
}

// ValidateRequestToPB converts a Validate request for the wire.
func ValidateRequestToPB(req *sdk.ValidateRequest) *pb.ValidateRequest {
	return &pb.ValidateRequest{Config: req.Config, ConfigVersion: int32(req.ConfigVersion)}
}

// ValidateRequestFromPB converts a Validate request from the wire.
func ValidateRequestFromPB(req *pb.ValidateRequest) *sdk.ValidateRequest {
	return &sdk.ValidateRequest{Config: req.Config, ConfigVersion: int(req.ConfigVersion)}
}

// ValidateToPB converts Validate's problems for the wire.
func ValidateToPB(v *sdk.ValidateResponse) *pb.ValidateResponse {
	r := &pb.ValidateResponse{}
	for _, p := range v.Problems {
		r.Problems = append(r.Problems, &pb.Problem{Pointer: p.Pointer, Message: p.Message})
	}
	return r
}

// ValidateFromPB converts Validate's problems from the wire.
func ValidateFromPB(r *pb.ValidateResponse) *sdk.ValidateResponse {
	v := &sdk.ValidateResponse{}
	for _, p := range r.Problems {
		v.Problems = append(v.Problems, sdk.Problem{Pointer: p.Pointer, Message: p.Message})
	}
	return v
}

// RenderRequestToPB converts a Render request for the wire.
func RenderRequestToPB(req *sdk.RenderRequest) *pb.RenderRequest {
	return &pb.RenderRequest{Object: ObjectToPB(req.Object), State: req.State, Locale: req.Locale, Registration: req.Registration}
}

// RenderRequestFromPB converts a Render request from the wire.
func RenderRequestFromPB(req *pb.RenderRequest) *sdk.RenderRequest {
	return &sdk.RenderRequest{Object: ObjectFromPB(req.Object), State: req.State, Locale: req.Locale, Registration: req.Registration}
}

// HandleRequestToPB converts a Handle request for the wire.
func HandleRequestToPB(req *sdk.HandleRequest) *pb.HandleRequest {
	return &pb.HandleRequest{
		Object: ObjectToPB(req.Object), State: req.State, Locale: req.Locale,
		Event:        &pb.Event{Type: req.Event.Type, Data: req.Event.Data},
		Registration: req.Registration, SessionId: req.SessionID, Render: req.Render,
	}
}

// HandleResponseToPB converts a Handle response for the wire.
func HandleResponseToPB(out *sdk.HandleResponse) *pb.HandleResponse {
	r := &pb.HandleResponse{State: out.State, Result: ResultToPB(out.Result), FeedbackHtml: out.FeedbackHTML}
	for _, d := range out.Statements {
		r.Statements = append(r.Statements, DraftToPB(d))
	}
	if out.View != nil {
		r.View = RenderToPB(out.View)
	}
	return r
}

// HandleResponseFromPB converts a Handle response from the wire.
func HandleResponseFromPB(r *pb.HandleResponse) *sdk.HandleResponse {
	out := &sdk.HandleResponse{State: r.State, Result: ResultFromPB(r.Result), FeedbackHTML: r.FeedbackHtml, View: RenderFromPB(r.View)}
	for _, s := range r.Statements {
		out.Statements = append(out.Statements, DraftFromPB(s))
	}
	return out
}

// AssetToPB converts an asset for the wire.
func AssetToPB(a *sdk.Asset) *pb.AssetResponse {
	return &pb.AssetResponse{Name: a.Name, ContentType: a.ContentType, Data: a.Data}
}

// AssetFromPB converts an asset from the wire.
func AssetFromPB(r *pb.AssetResponse) *sdk.Asset {
	return &sdk.Asset{Name: r.Name, ContentType: r.ContentType, Data: r.Data}
}
