package wire

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/lode-elearning/lode/sdk"
)

// The request messages of content.proto, decoded by hand with protowire:
// the generated code would link the protobuf runtime (reflection,
// descriptors, text format), 2.4 MB of every plugin binary. The engine
// still encodes them with the generated code; codec_test.go checks that
// the two agree.

// DecodeValidateRequest decodes a lode.sdk.v1.ValidateRequest.
func DecodeValidateRequest(b []byte) (*sdk.ValidateRequest, error) {
	req := &sdk.ValidateRequest{}
	r := reader{msg: "ValidateRequest", b: b}
	for r.next() {
		switch r.num {
		case 1:
			r.bytes(&req.Config)
		case 2:
			r.int32(&req.ConfigVersion)
		default:
			r.skip()
		}
	}
	return req, r.err
}

// DecodeRenderRequest decodes a lode.sdk.v1.RenderRequest.
func DecodeRenderRequest(b []byte) (*sdk.RenderRequest, error) {
	req := &sdk.RenderRequest{}
	r := reader{msg: "RenderRequest", b: b}
	for r.next() {
		switch r.num {
		case 1:
			r.message(func(b []byte) error { return decodeObject(b, &req.Object) })
		case 2:
			r.bytes(&req.State)
		case 3:
			r.string(&req.Locale)
		case 4:
			r.string(&req.Registration)
		default:
			r.skip()
		}
	}
	return req, r.err
}

// DecodeHandleRequest decodes a lode.sdk.v1.HandleRequest.
func DecodeHandleRequest(b []byte) (*sdk.HandleRequest, error) {
	req := &sdk.HandleRequest{}
	r := reader{msg: "HandleRequest", b: b}
	for r.next() {
		switch r.num {
		case 1:
			r.message(func(b []byte) error { return decodeObject(b, &req.Object) })
		case 2:
			r.bytes(&req.State)
		case 3:
			r.message(func(b []byte) error { return decodeEvent(b, &req.Event) })
		case 4:
			r.string(&req.Locale)
		case 5:
			r.string(&req.Registration)
		case 6:
			r.string(&req.SessionID)
		case 7:
			r.bool(&req.Render)
		default:
			r.skip()
		}
	}
	return req, r.err
}

// DecodeAssetRequest decodes a lode.sdk.v1.AssetRequest: the asset's name.
func DecodeAssetRequest(b []byte) (name string, err error) {
	r := reader{msg: "AssetRequest", b: b}
	for r.next() {
		if r.num == 1 {
			r.string(&name)
		} else {
			r.skip()
		}
	}
	return name, r.err
}

func decodeObject(b []byte, o *sdk.Object) error {
	r := reader{msg: "Object", b: b}
	for r.next() {
		switch r.num {
		case 1:
			r.string(&o.ID)
		case 2:
			r.string(&o.ActivityID)
		case 3:
			r.string(&o.Title)
		case 4:
			r.bytes(&o.Config)
		case 5:
			r.string(&o.MediaBaseURL)
		case 6:
			r.string(&o.Language)
		case 7:
			r.int32(&o.ConfigVersion)
		default:
			r.skip()
		}
	}
	return r.err
}

func decodeEvent(b []byte, e *sdk.Event) error {
	r := reader{msg: "Event", b: b}
	for r.next() {
		switch r.num {
		case 1:
			r.string(&e.Type)
		case 2:
			r.bytes(&e.Data)
		default:
			r.skip()
		}
	}
	return r.err
}

// reader walks the fields of one message. A known field number with an
// unexpected wire type is skipped, as the generated decoder skips it (it
// keeps it as an unknown field); the first malformed byte stops the walk
// with an error naming the message.
type reader struct {
	msg string // the message's name in content.proto, for errors
	b   []byte
	num protowire.Number
	typ protowire.Type
	err error
}

// next reads the next field's tag; false at the end or after an error.
func (r *reader) next() bool {
	if r.err != nil || len(r.b) == 0 {
		return false
	}
	num, typ, n := protowire.ConsumeTag(r.b)
	if n < 0 {
		r.fail(n)
		return false
	}
	r.num, r.typ, r.b = num, typ, r.b[n:]
	return true
}

func (r *reader) fail(n int) {
	r.err = fmt.Errorf("decoding lode.sdk.v1.%s: %w", r.msg, protowire.ParseError(n))
}

// skip consumes the current field's value, whatever its type.
func (r *reader) skip() {
	n := protowire.ConsumeFieldValue(r.num, r.typ, r.b)
	if n < 0 {
		r.fail(n)
		return
	}
	r.b = r.b[n:]
}

// lengthDelimited consumes a string, bytes or message value.
func (r *reader) lengthDelimited() ([]byte, bool) {
	if r.typ != protowire.BytesType {
		r.skip()
		return nil, false
	}
	v, n := protowire.ConsumeBytes(r.b)
	if n < 0 {
		r.fail(n)
		return nil, false
	}
	r.b = r.b[n:]
	return v, true
}

func (r *reader) varint() (uint64, bool) {
	if r.typ != protowire.VarintType {
		r.skip()
		return 0, false
	}
	v, n := protowire.ConsumeVarint(r.b)
	if n < 0 {
		r.fail(n)
		return 0, false
	}
	r.b = r.b[n:]
	return v, true
}

// string reads a string field, which proto3 requires to be UTF-8.
func (r *reader) string(s *string) {
	if v, ok := r.lengthDelimited(); ok {
		if !utf8.Valid(v) {
			r.err = fmt.Errorf("decoding lode.sdk.v1.%s: field %d holds invalid UTF-8", r.msg, r.num)
			return
		}
		*s = string(v)
	}
}

// bytes reads a bytes field. The value shares the request's buffer, which
// is read for this one call.
func (r *reader) bytes(p *json.RawMessage) {
	if v, ok := r.lengthDelimited(); ok {
		*p = v
	}
}

func (r *reader) int32(p *int) {
	if v, ok := r.varint(); ok {
		*p = int(int32(v))
	}
}

func (r *reader) bool(p *bool) {
	if v, ok := r.varint(); ok {
		*p = protowire.DecodeBool(v)
	}
}

// message reads an embedded message with decode.
func (r *reader) message(decode func([]byte) error) {
	if v, ok := r.lengthDelimited(); ok {
		if err := decode(v); err != nil {
			r.err = err
		}
	}
}
