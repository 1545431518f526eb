// Package pbgrpc holds the gRPC client and server stubs of the engine–plugin
// protocol, generated with ../pb (see its generate.go). Only the engine's
// side (sdk/pluginclient) imports it: a plugin's server speaks gRPC
// without grpc-go (sdk/plugin), so that plugin binaries stay small.
package pbgrpc
