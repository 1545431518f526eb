package web

import (
	"context"
	"errors"

	"github.com/lode-elearning/lode/engine/credential"
)

// issueAtCompletion issues the learner's certificate the moment they
// complete a module, so that it is there on the summary, the records page
// and in an export without a visit to the certificate page. A learner
// without a name yet gets it when they open the certificate page after
// adding one. A failure is logged, never the learner's problem: their
// completion is recorded, and the certificate page issues it later.
func (s *Server) issueAtCompletion(ctx context.Context, learnerID, moduleID string) {
	if _, err := s.Certificates.Issue(ctx, learnerID, moduleID); err != nil && !errors.Is(err, credential.ErrNoName) {
		s.log().Warn("the certificate could not be issued at completion; the certificate page will issue it",
			"module", moduleID, "err", err)
	}
}
