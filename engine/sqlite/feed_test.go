package sqlite

import (
	"testing"

	"github.com/lode-elearning/lode/engine/storetest"
)

func TestFeedStore(t *testing.T) {
	storetest.TestFeedStore(t, func(t *testing.T) storetest.FeedStore { return MustOpenDB(t) })
}
