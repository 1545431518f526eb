package main

import (
	"context"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	adminhttp "github.com/lode-elearning/lode/engine/http/admin"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
)

// adminArea is the admin area at /admin, over the app's catalog, LRS
// clients and rate limits.
func (a *app) adminArea(creds *lrs.Credentials) *adminhttp.Server {
	admins := &admin.Admins{Store: a.store.admins}
	return &adminhttp.Server{
		Admins: admins, Catalog: a.catalog, Credentials: creds, Feeds: a.feedService(admins),
		Install: a.install, Limiter: a.store.limiter, EmbedOrigins: a.cfg.EmbedOrigins,
		SecureCookie: strings.HasPrefix(a.cfg.BaseURL, "https://"),
	}
}

// install installs a package as lode import does, then loads the module
// from its version folder: the folder it was checked in is gone.
func (a *app) install(ctx context.Context, zipPath string) (*learning.Module, []module.Problem, error) {
	m, problems, err := module.Install(ctx, a.cfg.ContentDir, zipPath, a.host, a.host, module.DefaultLimits, nil)
	if err != nil {
		return nil, problems, err
	}
	loaded, more := module.Load(ctx, module.VersionDir(a.cfg.ContentDir, m.ID, m.Version), a.host)
	if loaded == nil {
		return nil, append(problems, more...), engine.Errorf(engine.EINTERNAL, "module %s %s was installed but does not load", m.ID, m.Version)
	}
	return loaded, append(problems, more...), nil
}
