package admin

import (
	"context"
	"slices"
	"strings"

	"github.com/lode-elearning/lode/engine/learning"
)

// Several servers may serve one site (one database, one content folder on
// shared storage), each with its own catalog and embed allow-list in
// memory. Every change an administrator makes writes an audit entry, so a
// server that finds a newer entry than the last it acted on reloads what
// the admin area changes: the embed allow-list, the modules on disk
// (imports) and which are unpublished. Polling one indexed MAX(id) every
// few seconds costs the database nothing worth counting, and needs no
// channel between servers (LISTEN/NOTIFY would not reach the embedded
// SQLite default).

// Sync brings this server up to date with changes made on any server of
// the site, its own included; it does nothing when there were none. Only
// what the new entries' actions can have changed is reloaded: a draft saved
// in the editor or a token made reloads nothing, while an import, a
// publish or an unpublish reloads the modules. The app calls it every
// sync_interval.
func (s *Server) Sync(ctx context.Context) error {
	actions, last, err := s.Admins.Store.ChangesSince(ctx, s.seen.Load())
	if err != nil || len(actions) == 0 {
		return err
	}
	if slices.ContainsFunc(actions, func(a string) bool { return strings.HasPrefix(a, "embed.") }) {
		if err := s.applyEmbedSetting(ctx); err != nil {
			return err
		}
	}
	if slices.ContainsFunc(actions, changesCatalog) {
		if err := s.applyPublication(ctx); err != nil {
			return err
		}
	}
	s.seen.Store(last)
	return nil
}

// changesCatalog reports whether an audited action changes what modules
// are served: an import (from an upload, a feed or the editor) or a
// publish or unpublish.
func changesCatalog(action string) bool {
	switch action {
	case "module.import", "module.publish", "module.unpublish":
		return true
	}
	return false
}

// applyEmbedSetting puts the embed allow-list in force: the one set in the
// admin area, or the configuration's.
func (s *Server) applyEmbedSetting(ctx context.Context) error {
	origins, set, err := s.Admins.EmbedOrigins(ctx)
	if err != nil {
		return err
	}
	if set == nil {
		origins = s.EmbedOrigins
	}
	s.EmbedSites.Set(origins)
	return nil
}

// applyPublication reloads the modules and serves those not unpublished.
// A change made on this server while the modules load is overwritten
// here, and put back by the next Sync, which its audit entry triggers.
func (s *Server) applyPublication(ctx context.Context) error {
	ids, err := s.Admins.Store.UnpublishedModules(ctx)
	if err != nil {
		return err
	}
	var mods []*learning.Module
	if s.Reload != nil {
		mods = s.Reload(ctx)
	}
	s.published.mu.Lock()
	defer s.published.mu.Unlock()
	if s.Reload == nil {
		mods = s.Catalog.Modules()
		for _, m := range s.published.hidden {
			mods = append(mods, m)
		}
	}
	hidden := map[string]*learning.Module{}
	served := slices.DeleteFunc(slices.Clone(mods), func(m *learning.Module) bool {
		if slices.Contains(ids, m.ID) {
			hidden[m.ID] = m
			return true
		}
		return false
	})
	s.published.hidden = hidden
	s.Catalog.Swap(served)
	return nil
}
