package wire

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/lode-elearning/lode/sdk"
)

// The response messages of content.proto, encoded by hand as the generated
// code encodes them with Deterministic set: fields in number order, proto3
// zero values left out, map entries sorted by key. codec_test.go compares
// the bytes.

// EncodeDescribeResponse encodes a lode.sdk.v1.DescribeResponse.
func EncodeDescribeResponse(d *sdk.Description) ([]byte, error) {
	w := writer{msg: "DescribeResponse"}
	w.string(1, d.Name)
	w.string(2, d.Title)
	w.string(3, d.Version)
	w.int32(4, d.ProtocolVersion)
	w.bytes(5, d.ConfigSchema)
	w.string(6, d.ActivityType)
	w.bool(7, d.Capabilities.Scored)
	w.bool(8, d.Capabilities.Completable)
	w.bool(9, d.Capabilities.KeepsState)
	for _, a := range d.Assets {
		w.message(10, "AssetInfo", func(w *writer) {
			w.string(1, a.Name)
			w.string(2, a.ContentType)
		})
	}
	for _, p := range d.Profiles {
		w.repeatedString(11, p)
	}
	w.bool(12, d.VolatileRender)
	return w.b, w.err
}

// EncodeValidateResponse encodes a lode.sdk.v1.ValidateResponse.
func EncodeValidateResponse(v *sdk.ValidateResponse) ([]byte, error) {
	w := writer{msg: "ValidateResponse"}
	for _, p := range v.Problems {
		w.message(1, "Problem", func(w *writer) {
			w.string(1, p.Pointer)
			w.string(2, p.Message)
		})
	}
	return w.b, w.err
}

// EncodeRenderResponse encodes a lode.sdk.v1.RenderResponse.
func EncodeRenderResponse(v *sdk.RenderResponse) ([]byte, error) {
	w := writer{msg: "RenderResponse"}
	w.render(v)
	return w.b, w.err
}

// EncodeHandleResponse encodes a lode.sdk.v1.HandleResponse.
func EncodeHandleResponse(v *sdk.HandleResponse) ([]byte, error) {
	w := writer{msg: "HandleResponse"}
	w.bytes(1, v.State)
	w.result(2, v.Result)
	w.string(3, v.FeedbackHTML)
	for _, d := range v.Statements {
		w.message(4, "StatementDraft", func(w *writer) { w.draft(d) })
	}
	if v.View != nil {
		w.message(5, "RenderResponse", func(w *writer) { w.render(v.View) })
	}
	return w.b, w.err
}

// EncodeAssetResponse encodes a lode.sdk.v1.AssetResponse.
func EncodeAssetResponse(a *sdk.Asset) ([]byte, error) {
	w := writer{msg: "AssetResponse"}
	w.string(1, a.Name)
	w.string(2, a.ContentType)
	w.bytes(3, a.Data)
	return w.b, w.err
}

func (w *writer) render(v *sdk.RenderResponse) {
	w.string(1, v.HTML)
	for _, a := range v.Assets {
		w.repeatedString(2, a)
	}
	w.bytes(3, v.ClientState)
}

// result writes a Result message; nil writes nothing.
func (w *writer) result(num protowire.Number, r *sdk.Result) {
	if r == nil {
		return
	}
	w.message(num, "Result", func(w *writer) {
		if s := r.Score; s != nil {
			w.message(1, "Score", func(w *writer) {
				w.double(1, s.Raw)
				w.double(2, s.Min)
				w.double(3, s.Max)
				w.double(4, s.Scaled)
			})
		}
		w.optionalBool(2, r.Success)
		w.optionalBool(3, r.Completion)
		w.string(4, r.Response)
		w.string(5, r.Duration)
		w.bytes(6, r.Extensions)
	})
}

func (w *writer) draft(d sdk.StatementDraft) {
	// The verb is always sent, as the engine's converter always sets it.
	w.message(1, "Verb", func(w *writer) {
		w.string(1, d.Verb.ID)
		for _, lang := range slices.Sorted(maps.Keys(d.Verb.Display)) {
			w.message(2, "Verb.DisplayEntry", func(w *writer) {
				// Map entries carry key and value even when empty.
				w.repeatedString(1, lang)
				w.repeatedString(2, d.Verb.Display[lang])
			})
		}
	})
	if a := d.Activity; a != nil {
		w.message(2, "Activity", func(w *writer) {
			w.string(1, a.IDSuffix)
			w.bytes(2, a.Definition)
		})
	}
	w.result(3, d.Result)
	w.bytes(4, d.ContextExtensions)
}

// writer appends one message's fields to b. The first invalid value (a
// string that is not UTF-8, which the engine's decoder would refuse) stops
// it with an error naming the field.
type writer struct {
	msg string // the message's name in content.proto, for errors
	b   []byte
	err error
}

// string writes a proto3 string field, left out when empty.
func (w *writer) string(num protowire.Number, s string) {
	if s != "" {
		w.repeatedString(num, s)
	}
}

// repeatedString writes a string even when empty, as an element of a
// repeated field or a map entry is.
func (w *writer) repeatedString(num protowire.Number, s string) {
	if !utf8.ValidString(s) {
		if w.err == nil {
			w.err = fmt.Errorf("encoding lode.sdk.v1.%s: field %d holds invalid UTF-8", w.msg, num)
		}
		return
	}
	w.b = protowire.AppendTag(w.b, num, protowire.BytesType)
	w.b = protowire.AppendString(w.b, s)
}

func (w *writer) bytes(num protowire.Number, v []byte) {
	if len(v) > 0 {
		w.b = protowire.AppendTag(w.b, num, protowire.BytesType)
		w.b = protowire.AppendBytes(w.b, v)
	}
}

// int32 writes an int32 field: negative values take ten bytes, sign
// extended, as protobuf encodes them.
func (w *writer) int32(num protowire.Number, v int) {
	if int32(v) != 0 {
		w.b = protowire.AppendTag(w.b, num, protowire.VarintType)
		w.b = protowire.AppendVarint(w.b, uint64(int64(int32(v))))
	}
}

func (w *writer) bool(num protowire.Number, v bool) {
	if v {
		w.optionalBool(num, &v)
	}
}

// optionalBool writes a field with presence: false is sent, nil is not.
func (w *writer) optionalBool(num protowire.Number, v *bool) {
	if v != nil {
		w.b = protowire.AppendTag(w.b, num, protowire.VarintType)
		w.b = protowire.AppendVarint(w.b, protowire.EncodeBool(*v))
	}
}

// double writes a double field, left out when +0 (but not -0, whose bits
// are not zero).
func (w *writer) double(num protowire.Number, v float64) {
	if bits := math.Float64bits(v); bits != 0 {
		w.b = protowire.AppendTag(w.b, num, protowire.Fixed64Type)
		w.b = protowire.AppendFixed64(w.b, bits)
	}
}

// message writes an embedded message, even an empty one (a set message
// field is sent).
func (w *writer) message(num protowire.Number, name string, fields func(*writer)) {
	inner := writer{msg: name}
	fields(&inner)
	if inner.err != nil && w.err == nil {
		w.err = inner.err
	}
	w.b = protowire.AppendTag(w.b, num, protowire.BytesType)
	w.b = protowire.AppendBytes(w.b, inner.b)
}
