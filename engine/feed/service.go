package feed

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
)

// Service is what the admin area does with subscriptions.
type Service struct {
	Store  Store
	Client *Client
	Admins *admin.Admins // for audit entries
	// Now is the clock of CheckedAt and AddedAt; time.Now when nil.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Subscribe reads the feed at rawURL and, if it is one, subscribes to it
// with the entries read. EINVALID naming "url" if the address is refused
// or does not answer with a feed; ECONFLICT if already subscribed.
func (s *Service) Subscribe(ctx context.Context, actor, rawURL string) (*Subscription, error) {
	u, err := CheckURL("url", rawURL)
	if err != nil {
		return nil, err
	}
	f, err := s.Client.Feed(ctx, u)
	if err != nil {
		return nil, fieldOf("url", err)
	}
	now := s.now()
	sub := &Subscription{URL: u.String(), Title: titleOf(f, u), AddedAt: now, CheckedAt: now}
	e := s.Admins.Entry(actor, "feed.subscribe", sub.URL, map[string]string{"title": sub.Title, "entries": strconv.Itoa(len(f.Entries))})
	if err := s.Store.AddSubscription(ctx, sub, f.Entries, e); err != nil {
		return nil, err
	}
	return sub, nil
}

// Refresh reads a subscription's feed again. A feed that cannot be read
// is recorded on the subscription (and returned); the entries read before
// are kept. Each update the read reveals (a version newer than the one
// imported, not seen before) gets an audit entry, "feed.update".
func (s *Service) Refresh(ctx context.Context, actor string, id int64) (*Listing, error) {
	sub, err := s.Store.Subscription(ctx, id)
	if err != nil {
		return nil, err
	}
	before, err := s.Listing(ctx, sub)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(sub.URL)
	if err != nil {
		return nil, engine.Errorf(engine.EINTERNAL, "subscription %d has the address %q: %v", id, sub.URL, err)
	}
	sub.CheckedAt = s.now()
	f, readErr := s.Client.Feed(ctx, u)
	if readErr != nil {
		sub.Error = engine.ErrorMessage(readErr)
		if err := s.Store.SaveEntries(ctx, sub, nil, nil); err != nil {
			return nil, err
		}
		return nil, readErr
	}
	sub.Error, sub.Title = "", titleOf(f, u)
	after := before.with(f.Entries)
	if err := s.Store.SaveEntries(ctx, sub, f.Entries, s.updateEntries(actor, sub, before, after)); err != nil {
		return nil, err
	}
	return after, nil
}

// RefreshAll refreshes every subscription, as the periodic poll does. A
// feed that cannot be read does not stop the others; only the store's
// errors are returned.
func (s *Service) RefreshAll(ctx context.Context, actor string) error {
	subs, err := s.Store.Subscriptions(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, sub := range subs {
		_, err := s.Refresh(ctx, actor, sub.ID)
		if code := engine.ErrorCode(err); code == engine.EINTERNAL || code == engine.EUNAVAILABLE {
			errs = append(errs, err) // ours; a site that cannot be read is recorded on its subscription
		}
	}
	return errors.Join(errs...)
}

// Unsubscribe forgets a subscription; what was imported from it stays.
func (s *Service) Unsubscribe(ctx context.Context, actor string, id int64) error {
	sub, err := s.Store.Subscription(ctx, id)
	if err != nil {
		return err
	}
	return s.Store.RemoveSubscription(ctx, id, s.Admins.Entry(actor, "feed.unsubscribe", sub.URL, nil))
}

// updateEntries are the audit entries of the updates in after that were
// not in before.
func (s *Service) updateEntries(actor string, sub *Subscription, before, after *Listing) []admin.Entry {
	seen := map[string]bool{}
	for _, r := range before.Rows {
		if r.Update {
			seen[r.ModuleID+"@"+r.Version] = true
		}
	}
	var out []admin.Entry
	for _, r := range after.Rows {
		if r.Update && !seen[r.ModuleID+"@"+r.Version] {
			out = append(out, *s.Admins.Entry(actor, "feed.update", r.ModuleID,
				map[string]string{"version": r.Version, "imported": r.Imported, "feed": sub.URL}))
		}
	}
	return out
}

// titleOf is the feed's title, or its address if it has none.
func titleOf(f *Feed, u *url.URL) string {
	if f.Title != "" {
		return f.Title
	}
	return u.String()
}

// fieldOf names field in an EINVALID error that names none: the
// administrator typed the address that led to it.
func fieldOf(field string, err error) error {
	var e *engine.Error
	if errors.As(err, &e) && e.Code == engine.EINVALID && e.Field == "" {
		return engine.FieldError(field, "%s", e.Message)
	}
	return err
}

// entry returns the entry for moduleID at version in a subscription's
// last read; ENOTFOUND if it offers no such version.
func (s *Service) entry(ctx context.Context, sub *Subscription, moduleID, version string) (*Entry, error) {
	entries, err := s.Store.Entries(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	for i := range entries {
		if entries[i].ModuleID == moduleID && entries[i].Version == version {
			return &entries[i], nil
		}
	}
	return nil, engine.Errorf(engine.ENOTFOUND, "the feed %s offers no version %q of module %q (refresh it?)", sub.URL, version, moduleID)
}
