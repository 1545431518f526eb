package learning

import (
	"context"

	"github.com/lode-elearning/lode/sdk"
)

// ContentTypes is what the engine needs from the plugin host: the content
// type named by an object's Type renders it and handles its interactions.
// Errors are *engine.Error: engine.ENOTFOUND for an unknown type, engine.EUNAVAILABLE while its
// process is restarting, engine.EINVALID for input the plugin refused.
type ContentTypes interface {
	Describe(ctx context.Context, contentType string) (*sdk.Description, error)
	Render(ctx context.Context, contentType string, req *sdk.RenderRequest) (*sdk.RenderResponse, error)
	Handle(ctx context.Context, contentType string, req *sdk.HandleRequest) (*sdk.HandleResponse, error)
}

// Modules is the catalog of loaded modules.
type Modules interface {
	// Module returns a module by id; engine.ENOTFOUND if there is none.
	Module(id string) (*Module, error)
	// Modules returns every module, in catalog order.
	Modules() []*Module
}
