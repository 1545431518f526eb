// Package pb holds the generated protobuf messages of the engine–plugin
// protocol; package pbgrpc holds the gRPC stubs, which only the engine's
// side links. Regenerate with `go generate ./sdk/...` (needs protoc,
// protoc-gen-go and protoc-gen-go-grpc; see docs/DEVELOPING.md), then move
// the new content_grpc.pb.go to ../pbgrpc as it is there: package pbgrpc,
// the message types and File_content_proto qualified with pb.
// protoc-gen-go-grpc always writes stubs into the messages' package, and a
// plugin that linked them would link gRPC.
//
// Only the engine's side links this package. A plugin encodes the same
// messages by hand (package wire), without the protobuf runtime: a field
// added to content.proto goes into wire's decode.go or encode.go and
// pbconv too, which wire's TestEveryFieldCrossesTheWire checks.
package pb

//go:generate protoc --go_out=. --go_opt=paths=source_relative --go-grpc_out=. --go-grpc_opt=paths=source_relative content.proto
