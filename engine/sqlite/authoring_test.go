package sqlite

import (
	"testing"

	"github.com/lode-elearning/lode/engine/storetest"
)

func TestAuthoringStore(t *testing.T) {
	storetest.TestAuthoringStore(t, func(t *testing.T) storetest.AuthoringStore { return MustOpenDB(t) })
}
