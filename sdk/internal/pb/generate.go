// Package pb holds the generated protobuf and gRPC code of the engine–plugin
// protocol. Regenerate with `go generate ./sdk/...` (needs protoc,
// protoc-gen-go and protoc-gen-go-grpc; see docs/DEVELOPING.md).
package pb

//go:generate protoc --go_out=. --go_opt=paths=source_relative --go-grpc_out=. --go-grpc_opt=paths=source_relative content.proto
