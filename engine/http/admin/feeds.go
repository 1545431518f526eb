package admin

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// The feeds page: subscriptions to other Lode sites' feeds of open
// modules, their entries, imports and updates (engine/feed).

func (s *Server) handleFeeds(c echo.Context) error {
	return s.feedsPage(c, http.StatusOK, signedIn(c, "Feeds"))
}

func (s *Server) feedsPage(c echo.Context, status int, d pageData) error {
	listings, err := s.Feeds.Listings(c.Request().Context())
	if err != nil {
		return err
	}
	d.Feeds = listings
	for _, l := range listings {
		d.FeedUpdates += l.Updates
	}
	return s.render(c, status, "feeds", d)
}

// feedFailed shows the feeds page with what was wrong; the database's
// and the server's own failures stay errors.
func (s *Server) feedFailed(c echo.Context, err error, problems []module.Problem) error {
	code := engine.ErrorCode(err)
	if code == engine.EINTERNAL || code == engine.EUNAVAILABLE {
		return err
	}
	d := signedIn(c, "Feeds")
	d.Error, d.Problems, d.FeedURL = engine.ErrorMessage(err), problems, c.Request().PostFormValue("url")
	status := statusOf(code)
	switch code {
	case engine.ENOTFOUND:
		status = http.StatusNotFound
	case engine.ETOOLARGE:
		status = http.StatusRequestEntityTooLarge
	}
	return s.feedsPage(c, status, d)
}

// handleSubscribe subscribes to the feed at the form's url, once it has
// been read as one.
func (s *Server) handleSubscribe(c echo.Context) error {
	if _, err := s.Feeds.Subscribe(c.Request().Context(), session(c).Email, c.Request().PostFormValue("url")); err != nil {
		return s.feedFailed(c, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/feeds")
}

// handleRefreshFeed reads a subscription's feed again now.
func (s *Server) handleRefreshFeed(c echo.Context) error {
	id, err := subscriptionID(c)
	if err == nil {
		_, err = s.Feeds.Refresh(c.Request().Context(), session(c).Email, id)
	}
	if err != nil {
		return s.feedFailed(c, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/feeds")
}

func (s *Server) handleUnsubscribe(c echo.Context) error {
	id, err := subscriptionID(c)
	if err == nil {
		err = s.Feeds.Unsubscribe(c.Request().Context(), session(c).Email, id)
	}
	if err != nil {
		return s.feedFailed(c, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/feeds")
}

// handleImportEntry imports a module version a feed offers: checked
// against the feed, installed as an uploaded package is, and served as
// handleImport serves one.
func (s *Server) handleImportEntry(c echo.Context) error {
	id, err := subscriptionID(c)
	if err != nil {
		return s.feedFailed(c, err, nil)
	}
	form := c.Request().PostForm
	moduleID, version := strings.TrimSpace(form.Get("module")), strings.TrimSpace(form.Get("version"))
	var problems []module.Problem
	install := func(ctx context.Context, zipPath string) (*learning.Module, error) {
		m, p, err := s.Install(ctx, zipPath)
		problems = p
		return m, err
	}
	m, err := s.Feeds.Import(c.Request().Context(), session(c).Email, id, moduleID, version, install)
	if m != nil {
		s.serveInstalled(m) // installed: served even if recording the import failed
	}
	if err != nil {
		return s.feedFailed(c, err, problems)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/feeds")
}

func subscriptionID(c echo.Context) (int64, error) {
	v := c.Request().PostFormValue("subscription")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, engine.FieldError("subscription", "must be a subscription's number, not %q", v)
	}
	return id, nil
}

// FeedBadge is the badge's words: "" for none.
func (d pageData) FeedBadge() string {
	switch d.FeedUpdates {
	case 0:
		return ""
	case 1:
		return "1 update available"
	}
	return strconv.Itoa(d.FeedUpdates) + " updates available"
}
