package main

import (
	"context"
	"io"
	"time"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/feed"
	"github.com/lode-elearning/lode/engine/http/share"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// feedTimeout bounds each request for a feed or a package: a package of
// the largest size allowed over a slow line still fits.
const feedTimeout = 5 * time.Minute

// pollActor is who the audit log says found an update in a periodic poll.
const pollActor = "feed poll"

// shared serves this site's feed of open modules and their packages.
func (a *app) shared() *share.Server {
	return &share.Server{Modules: a.catalog, BaseURL: a.cfg.BaseURL, SiteName: "Lode at " + a.cfg.BaseURL, Log: a.log,
		Export: func(ctx context.Context, m *learning.Module, w io.Writer) error {
			_, err := module.Export(ctx, m, a.host, w, nil)
			return err
		}}
}

// feedService is the subscriptions to other sites' feeds.
func (a *app) feedService(admins *admin.Admins) *feed.Service {
	return &feed.Service{Store: a.store.feeds, Client: feed.NewClient(feedTimeout, a.cfg.FeedAllowPrivate), Admins: admins}
}

// startFeedPoll reads every subscribed feed again each feed_poll_interval
// until ctx ends (never when it is 0), so that the admin area shows new
// versions without anyone pressing Refresh. The first read is one
// interval after start: a restart does not hit every publishing site.
func (a *app) startFeedPoll(ctx context.Context) {
	every := a.cfg.FeedPollInterval
	if every <= 0 {
		a.log.Info("feeds are read only on demand: feed_poll_interval is 0")
		return
	}
	feeds := a.feedService(&admin.Admins{Store: a.store.admins})
	a.every(ctx, every, false, func(ctx context.Context) {
		if err := feeds.RefreshAll(ctx, pollActor); err != nil && ctx.Err() == nil {
			a.log.Warn("feed poll failed; it runs again later", "every", every.String(), "err", err)
		}
	})
}
