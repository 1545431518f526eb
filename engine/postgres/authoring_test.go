package postgres

import (
	"testing"

	"github.com/lode-elearning/lode/engine/storetest"
)

// TestAuthoringStore gives each subtest a database of its own: listing
// drafts sees every draft in it.
func TestAuthoringStore(t *testing.T) {
	storetest.TestAuthoringStore(t, func(t *testing.T) storetest.AuthoringStore { return mustOwnDB(t, "lode_authoring_") })
}
