package wire_test

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/internal/pb"
	"github.com/lode-elearning/lode/sdk/internal/pbconv"
	"github.com/lode-elearning/lode/sdk/internal/wire"
)

// The plugin's hand-written codec against the generated code the engine
// uses: requests the engine encodes decode to the values the generated
// code decodes, and responses encode to the generated code's bytes.

var object = sdk.Object{ID: "o1", ActivityID: "https://lode.test/o1", Title: "Ünïcode title", Config: json.RawMessage(`{"a":1}`),
	MediaBaseURL: "/media/m/", Language: "fr", ConfigVersion: -3}

func TestDecodeRequests(t *testing.T) {
	for _, tc := range []struct {
		name    string
		msg     proto.Message
		decode  func([]byte) (any, error)
		fromPB  func(proto.Message) any
		wantNil bool
	}{
		{"Validate", pbconv.ValidateRequestToPB(&sdk.ValidateRequest{Config: json.RawMessage(`{"q":"?"}`), ConfigVersion: 2}),
			func(b []byte) (any, error) { return wire.DecodeValidateRequest(b) },
			func(m proto.Message) any { return pbconv.ValidateRequestFromPB(m.(*pb.ValidateRequest)) }, false},
		{"ValidateEmpty", pbconv.ValidateRequestToPB(&sdk.ValidateRequest{}),
			func(b []byte) (any, error) { return wire.DecodeValidateRequest(b) },
			func(m proto.Message) any { return pbconv.ValidateRequestFromPB(m.(*pb.ValidateRequest)) }, false},
		{"Render", pbconv.RenderRequestToPB(&sdk.RenderRequest{Object: object, State: json.RawMessage(`{"n":1}`), Locale: "es-MX", Registration: "r"}),
			func(b []byte) (any, error) { return wire.DecodeRenderRequest(b) },
			func(m proto.Message) any { return pbconv.RenderRequestFromPB(m.(*pb.RenderRequest)) }, false},
		{"Handle", pbconv.HandleRequestToPB(&sdk.HandleRequest{Object: object, State: json.RawMessage(`[]`), Locale: "en",
			Event: sdk.Event{Type: "answer", Data: json.RawMessage(`{"choice":["1"]}`)}, Registration: "r", SessionID: "s", Render: true}),
			func(b []byte) (any, error) { return wire.DecodeHandleRequest(b) },
			func(m proto.Message) any { return pbconv.HandleRequestFromPB(m.(*pb.HandleRequest)) }, false},
		{"HandleEmptyObject", pbconv.HandleRequestToPB(&sdk.HandleRequest{Event: sdk.Event{Type: "look"}}),
			func(b []byte) (any, error) { return wire.DecodeHandleRequest(b) },
			func(m proto.Message) any { return pbconv.HandleRequestFromPB(m.(*pb.HandleRequest)) }, false},
		{"Asset", &pb.AssetRequest{Name: "demo.css"},
			func(b []byte) (any, error) { return wire.DecodeAssetRequest(b) },
			func(m proto.Message) any { return m.(*pb.AssetRequest).Name }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := proto.Marshal(tc.msg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tc.decode(b)
			if err != nil {
				t.Fatal(err)
			}
			back := tc.msg.ProtoReflect().New().Interface()
			if err := proto.Unmarshal(b, back); err != nil {
				t.Fatal(err)
			}
			if want := tc.fromPB(back); !reflect.DeepEqual(got, want) {
				t.Errorf("hand-decoded\n %#v\ngenerated\n %#v", got, want)
			}
			// Fields a newer engine might add are skipped, as the
			// generated code skips them; so is a known field of the
			// wrong wire type.
			extra := protowire.AppendTag(bytes.Clone(b), 99, protowire.BytesType)
			extra = protowire.AppendString(extra, "from the future")
			extra = protowire.AppendTag(extra, 1, protowire.Fixed32Type)
			extra = protowire.AppendFixed32(extra, 7)
			if again, err := tc.decode(extra); err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("with unknown fields: %#v, %v", again, err)
			}
		})
	}
}

func TestDecodeRefusesMalformed(t *testing.T) {
	b, _ := proto.Marshal(pbconv.HandleRequestToPB(&sdk.HandleRequest{Object: object, Event: sdk.Event{Type: "answer"}}))
	for name, in := range map[string][]byte{
		"Truncated":      b[:len(b)-1],
		"BadTag":         {0x00},
		"InvalidUTF8":    protowire.AppendString(protowire.AppendTag(nil, 4, protowire.BytesType), "\xff"),
		"LengthTooLarge": {0x0a, 0x7f, 0x01},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := wire.DecodeHandleRequest(in)
			if err == nil || !strings.Contains(err.Error(), "lode.sdk.v1.") {
				t.Errorf("err %v, want a decoding error naming the message", err)
			}
			if proto.Unmarshal(in, &pb.HandleRequest{}) == nil {
				t.Error("the generated decoder accepts it: the case tests nothing")
			}
		})
	}
}

func TestEncodeResponses(t *testing.T) {
	result := &sdk.Result{Score: &sdk.Score{Raw: 3, Min: math.Copysign(0, -1), Max: 4, Scaled: 0.75}, Success: sdk.Bool(false),
		Completion: sdk.Bool(true), Response: "B", Duration: "PT1S", Extensions: json.RawMessage(`{"https://x.test/e":1}`)}
	desc := &sdk.Description{Name: "demo", Title: "Démo", Version: "1.2.0", ProtocolVersion: sdk.ProtocolVersion,
		ConfigSchema: json.RawMessage(`{"type":"object"}`), ActivityType: sdk.ActivityInteraction,
		Capabilities: sdk.Capabilities{Scored: true, KeepsState: true},
		Assets:       []sdk.AssetInfo{{Name: "demo.css", ContentType: "text/css"}, {}},
		Profiles:     []string{"https://x.test/p", ""}, VolatileRender: true}
	validate := &sdk.ValidateResponse{Problems: []sdk.Problem{{Pointer: "/options/1", Message: `"B" is listed twice`}, {Message: "whole"}}}
	view := &sdk.RenderResponse{HTML: "<p>ok ✓</p>", Assets: []string{"demo.css", ""}, ClientState: json.RawMessage(`{"n":2}`)}
	handle := &sdk.HandleResponse{State: json.RawMessage(`{"choice":1}`), Result: result, FeedbackHTML: "Saved.", View: view,
		Statements: []sdk.StatementDraft{
			{Verb: sdk.Verb{ID: "http://adlnet.gov/expapi/verbs/answered", Display: map[string]string{"en-US": "answered", "es": "respondió", "fr": ""}},
				Activity: &sdk.Activity{IDSuffix: "/q1", Definition: json.RawMessage(`{"type":"x"}`)}, Result: &sdk.Result{Score: &sdk.Score{}},
				ContextExtensions: json.RawMessage(`{"s":1}`)},
			{Verb: sdk.Verb{ID: "http://adlnet.gov/expapi/verbs/completed"}, Activity: &sdk.Activity{}},
		}}
	asset := &sdk.Asset{Name: "demo.css", ContentType: "text/css", Data: []byte("p{}")}
	for _, tc := range []struct {
		name   string
		encode func() ([]byte, error)
		msg    proto.Message // the generated code's message for the same value
		fromPB func(proto.Message) any
		want   any
	}{
		{"Describe", func() ([]byte, error) { return wire.EncodeDescribeResponse(desc) }, pbconv.DescriptionToPB(desc),
			func(m proto.Message) any { return pbconv.DescriptionFromPB(m.(*pb.DescribeResponse)) }, desc},
		{"DescribeEmpty", func() ([]byte, error) { return wire.EncodeDescribeResponse(&sdk.Description{}) }, pbconv.DescriptionToPB(&sdk.Description{}),
			func(m proto.Message) any { return pbconv.DescriptionFromPB(m.(*pb.DescribeResponse)) }, &sdk.Description{}},
		{"Validate", func() ([]byte, error) { return wire.EncodeValidateResponse(validate) }, pbconv.ValidateToPB(validate),
			func(m proto.Message) any { return pbconv.ValidateFromPB(m.(*pb.ValidateResponse)) }, validate},
		{"Render", func() ([]byte, error) { return wire.EncodeRenderResponse(view) }, pbconv.RenderToPB(view),
			func(m proto.Message) any { return pbconv.RenderFromPB(m.(*pb.RenderResponse)) }, view},
		{"Handle", func() ([]byte, error) { return wire.EncodeHandleResponse(handle) }, pbconv.HandleResponseToPB(handle),
			func(m proto.Message) any { return pbconv.HandleResponseFromPB(m.(*pb.HandleResponse)) }, handle},
		{"HandleNoChange", func() ([]byte, error) { return wire.EncodeHandleResponse(&sdk.HandleResponse{}) }, pbconv.HandleResponseToPB(&sdk.HandleResponse{}),
			func(m proto.Message) any { return pbconv.HandleResponseFromPB(m.(*pb.HandleResponse)) }, &sdk.HandleResponse{}},
		{"Asset", func() ([]byte, error) { return wire.EncodeAssetResponse(asset) }, pbconv.AssetToPB(asset),
			func(m proto.Message) any { return pbconv.AssetFromPB(m.(*pb.AssetResponse)) }, asset},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.encode()
			if err != nil {
				t.Fatal(err)
			}
			want, err := proto.MarshalOptions{Deterministic: true}.Marshal(tc.msg)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("hand-encoded\n %x\ngenerated\n %x", got, want)
			}
			back := tc.msg.ProtoReflect().New().Interface()
			if err := proto.Unmarshal(got, back); err != nil {
				t.Fatal(err)
			}
			if v := tc.fromPB(back); !reflect.DeepEqual(v, tc.want) {
				t.Errorf("the engine reads\n %#v\nwant\n %#v", v, tc.want)
			}
		})
	}
}

// A string that is not UTF-8 is refused, naming the message and the
// field, as the generated code refuses to encode it.
func TestEncodeRefusesInvalidUTF8(t *testing.T) {
	bad := &sdk.HandleResponse{Statements: []sdk.StatementDraft{{Verb: sdk.Verb{Display: map[string]string{"en": "\xff"}}}}}
	_, err := wire.EncodeHandleResponse(bad)
	if err == nil || !strings.Contains(err.Error(), "lode.sdk.v1.Verb.DisplayEntry: field 2 holds invalid UTF-8") {
		t.Errorf("err %v", err)
	}
	if _, err := proto.Marshal(pbconv.HandleResponseToPB(bad)); err == nil {
		t.Error("the generated code encodes it: the case tests nothing")
	}
}

// Every field of content.proto crosses the wire: each message with all its
// fields set, through the engine's converters and the hand-written codec,
// comes out as the same bytes. A field added to content.proto and not to
// the codec (or to pbconv) fails here.
func TestEveryFieldCrossesTheWire(t *testing.T) {
	requests := map[string]struct {
		msg    proto.Message
		decode func([]byte) (proto.Message, error)
	}{
		"ValidateRequest": {&pb.ValidateRequest{}, func(b []byte) (proto.Message, error) {
			r, err := wire.DecodeValidateRequest(b)
			return pbconv.ValidateRequestToPB(r), err
		}},
		"RenderRequest": {&pb.RenderRequest{}, func(b []byte) (proto.Message, error) {
			r, err := wire.DecodeRenderRequest(b)
			return pbconv.RenderRequestToPB(r), err
		}},
		"HandleRequest": {&pb.HandleRequest{}, func(b []byte) (proto.Message, error) {
			r, err := wire.DecodeHandleRequest(b)
			return pbconv.HandleRequestToPB(r), err
		}},
		"AssetRequest": {&pb.AssetRequest{}, func(b []byte) (proto.Message, error) {
			name, err := wire.DecodeAssetRequest(b)
			return &pb.AssetRequest{Name: name}, err
		}},
	}
	for name, tc := range requests {
		t.Run(name, func(t *testing.T) {
			fill(tc.msg.ProtoReflect())
			want := deterministic(t, tc.msg)
			got, err := tc.decode(want)
			if err != nil {
				t.Fatal(err)
			}
			if b := deterministic(t, got); !bytes.Equal(b, want) {
				t.Errorf("after the hand decoder\n %v\nsent\n %v", got, tc.msg)
			}
		})
	}
	responses := map[string]struct {
		msg    proto.Message
		encode func(proto.Message) ([]byte, error)
	}{
		"DescribeResponse": {&pb.DescribeResponse{}, func(m proto.Message) ([]byte, error) {
			return wire.EncodeDescribeResponse(pbconv.DescriptionFromPB(m.(*pb.DescribeResponse)))
		}},
		"ValidateResponse": {&pb.ValidateResponse{}, func(m proto.Message) ([]byte, error) {
			return wire.EncodeValidateResponse(pbconv.ValidateFromPB(m.(*pb.ValidateResponse)))
		}},
		"RenderResponse": {&pb.RenderResponse{}, func(m proto.Message) ([]byte, error) {
			return wire.EncodeRenderResponse(pbconv.RenderFromPB(m.(*pb.RenderResponse)))
		}},
		"HandleResponse": {&pb.HandleResponse{}, func(m proto.Message) ([]byte, error) {
			return wire.EncodeHandleResponse(pbconv.HandleResponseFromPB(m.(*pb.HandleResponse)))
		}},
		"AssetResponse": {&pb.AssetResponse{}, func(m proto.Message) ([]byte, error) {
			return wire.EncodeAssetResponse(pbconv.AssetFromPB(m.(*pb.AssetResponse)))
		}},
	}
	for name, tc := range responses {
		t.Run(name, func(t *testing.T) {
			fill(tc.msg.ProtoReflect())
			got, err := tc.encode(tc.msg)
			if err != nil {
				t.Fatal(err)
			}
			if want := deterministic(t, tc.msg); !bytes.Equal(got, want) {
				back := tc.msg.ProtoReflect().New().Interface()
				proto.Unmarshal(got, back)
				t.Errorf("hand-encoded\n %v\nwant\n %v", back, tc.msg)
			}
		})
	}
}

// fill sets every field of m to a value that is not its zero value: two
// elements of a list or map, messages filled in turn.
func fill(m protoreflect.Message) {
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		switch {
		case fd.IsMap():
			mp := m.Mutable(fd).Map()
			for _, k := range []string{"en", "fr"} {
				mp.Set(protoreflect.ValueOfString(k).MapKey(), protoreflect.ValueOfString(k+" value"))
			}
		case fd.IsList():
			list := m.Mutable(fd).List()
			for range 2 {
				if fd.Kind() == protoreflect.MessageKind {
					el := list.NewElement()
					fill(el.Message())
					list.Append(el)
				} else {
					list.Append(scalar(fd))
				}
			}
		case fd.Kind() == protoreflect.MessageKind:
			fill(m.Mutable(fd).Message())
		default:
			m.Set(fd, scalar(fd))
		}
	}
}

func scalar(fd protoreflect.FieldDescriptor) protoreflect.Value {
	n := int(fd.Number())
	switch fd.Kind() {
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(string(fd.Name()) + " ✓")
	case protoreflect.BytesKind:
		return protoreflect.ValueOfBytes([]byte(`{"field":` + strconv.Itoa(n) + `}`))
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(true)
	case protoreflect.Int32Kind:
		return protoreflect.ValueOfInt32(int32(-n))
	case protoreflect.DoubleKind:
		return protoreflect.ValueOfFloat64(float64(n) + 0.5)
	}
	panic("fill: no value for a field of kind " + fd.Kind().String() + ": teach the test (and the codec) the new kind")
}

func deterministic(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzDecodeHandleRequest: whatever the bytes, the hand decoder does not
// panic, and what the generated decoder accepts it reads the same way.
func FuzzDecodeHandleRequest(f *testing.F) {
	full := &pb.HandleRequest{}
	fill(full.ProtoReflect())
	for _, m := range []proto.Message{full, pbconv.HandleRequestToPB(&sdk.HandleRequest{Object: object, Event: sdk.Event{Type: "answer"}})} {
		b, _ := proto.Marshal(m)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := wire.DecodeHandleRequest(b)
		var want pb.HandleRequest
		if proto.Unmarshal(b, &want) != nil {
			return
		}
		if err != nil {
			t.Fatalf("the generated decoder accepts %x, the hand decoder says %v", b, err)
		}
		if g, w := deterministic(t, pbconv.HandleRequestToPB(got)), deterministic(t, pbconv.HandleRequestToPB(pbconv.HandleRequestFromPB(&want))); !bytes.Equal(g, w) {
			t.Fatalf("%x: hand decoder %v, generated %v", b, got, &want)
		}
	})
}
