package postgres

import (
	"testing"

	"github.com/lode-elearning/lode/engine/storetest"
)

// TestFeedStore gives each subtest a database of its own: subscriptions
// are listed whole.
func TestFeedStore(t *testing.T) {
	storetest.TestFeedStore(t, func(t *testing.T) storetest.FeedStore { return mustOwnDB(t, "lode_feed_") })
}
