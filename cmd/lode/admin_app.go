package main

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/authoring"
	adminhttp "github.com/lode-elearning/lode/engine/http/admin"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/module"
)

// adminArea is the admin area at /admin, over the app's catalog, LRS
// clients and rate limits.
func (a *app) adminArea(creds *lrs.Credentials, sites *learning.EmbedSites) *adminhttp.Server {
	admins := &admin.Admins{Store: a.store.admins}
	return &adminhttp.Server{
		Admins: admins, Catalog: a.catalog, Credentials: creds, Feeds: a.feedService(admins),
		Install: a.install, Limiter: a.store.limiter, EmbedOrigins: a.cfg.EmbedOrigins, EmbedSites: sites,
		SecureCookie: strings.HasPrefix(a.cfg.BaseURL, "https://"), Reload: a.loadModules, Framework: a.framework,
		Editor: &authoring.Editor{Store: a.store.drafts, Admins: admins}, Content: a.host,
	}
}

// framework reads the content folder's competency framework (nil when it
// has none); a broken one is an error naming its lines.
func (a *app) framework() (*learning.Framework, error) {
	fw, problems := module.LoadFramework(filepath.Join(a.cfg.ContentDir, module.FrameworkFile))
	if fw == nil && len(problems) > 0 {
		var lines []string
		for _, p := range problems {
			lines = append(lines, p.String())
		}
		return nil, engine.Errorf(engine.EINVALID, "the competency framework has problems (lode check shows them): %s", strings.Join(lines, "; "))
	}
	return fw, nil
}

// loadModules loads the content folder as at start, for the admin area's
// Sync: another server may have imported a module into it.
func (a *app) loadModules(ctx context.Context) []*learning.Module {
	mods, problems := module.LoadAll(ctx, a.cfg.ContentDir, a.host)
	for _, p := range problems {
		a.log.Warn("module problem", "problem", p.String())
	}
	return mods
}

// startSync applies, every sync_interval until the app closes, the changes
// made in the admin area of any server of the site (adminhttp.Server.Sync).
func (a *app) startSync(ctx context.Context) {
	if a.cfg.SyncInterval <= 0 { // a Config not from config.Default or Load
		return
	}
	a.every(ctx, a.cfg.SyncInterval, false, func(ctx context.Context) {
		if err := a.admin.Sync(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("sync with the site's other servers failed; trying again", "err", err)
		}
	})
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
