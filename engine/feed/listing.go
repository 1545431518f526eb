package feed

import (
	"context"
	"net/url"
)

// Listing is a subscription's entries as the admin area shows them: each
// with whether it, or another version of its module, was imported here.
type Listing struct {
	Subscription
	Rows []Row
	// Updates counts the modules imported here of which the feed offers
	// a newer version: "a new version is published".
	Updates int
	imports map[string]string // module id: newest version imported
}

// Row is one entry and what this site has of its module.
type Row struct {
	Entry
	Imported string // the newest version of the module imported here; "" if none
	Current  bool   // this very version was imported
	Update   bool   // newer than the version imported
}

// Listing lists a subscription's entries, as last read.
func (s *Service) Listing(ctx context.Context, sub *Subscription) (*Listing, error) {
	entries, err := s.Store.Entries(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	imports, err := s.newestImports(ctx)
	if err != nil {
		return nil, err
	}
	l := &Listing{Subscription: *sub, imports: imports}
	return l.with(entries), nil
}

// Listings lists every subscription, oldest first.
func (s *Service) Listings(ctx context.Context) ([]*Listing, error) {
	subs, err := s.Store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Listing, 0, len(subs))
	for i := range subs {
		l, err := s.Listing(ctx, &subs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// Updates counts the updates available across every subscription: the
// badge on the admin area's pages.
func (s *Service) Updates(ctx context.Context) (int, error) {
	ls, err := s.Listings(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, l := range ls {
		n += l.Updates
	}
	return n, nil
}

// with is l over other entries, with the same imports.
func (l *Listing) with(entries []Entry) *Listing {
	out := &Listing{Subscription: l.Subscription, imports: l.imports}
	updated := map[string]bool{}
	for _, e := range entries {
		imported := l.imports[e.ModuleID]
		r := Row{Entry: e, Imported: imported, Current: imported == e.Version,
			Update: imported != "" && Newer(e.Version, imported)}
		if r.Update && !updated[e.ModuleID] {
			updated[e.ModuleID] = true
			out.Updates++
		}
		out.Rows = append(out.Rows, r)
	}
	return out
}

// newestImports maps each module imported from a feed to the newest
// version imported.
func (s *Service) newestImports(ctx context.Context) (map[string]string, error) {
	ims, err := s.Store.Imports(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, im := range ims {
		if have, ok := out[im.ModuleID]; !ok || Newer(im.Version, have) {
			out[im.ModuleID] = im.Version
		}
	}
	return out, nil
}

// Origins maps each module version imported from a feed ("id@version")
// to the site it came from (the feed's scheme and host), for the catalog
// to credit it beside the license and attribution.
func Origins(ctx context.Context, s Store) (map[string]string, error) {
	ims, err := s.Imports(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ims))
	for _, im := range ims {
		if u, err := url.Parse(im.FeedURL); err == nil && u.Host != "" {
			out[im.ModuleID+"@"+im.Version] = u.Scheme + "://" + u.Host
		}
	}
	return out, nil
}
