// Package lrsapi serves the xAPI Learning Record Store at /xapi:
// statements, documents, activities, agents and about, in xAPI 1.0.3
// (with the alternate request syntax) and 2.0. It authenticates callers
// and leaves what each may read and write to engine/lrs. It mounts on the
// core server in engine/http.
package lrsapi

import (
	"log/slog"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/storage"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// LearnerOf finds the learner a request comes from by their session: ok is
// false when the request carries no learner session at all; an error
// (ENOTFOUND) when it carries one that has ended.
type LearnerOf func(c echo.Context) (me xapi.Agent, ok bool, err error)

// Server is the LRS's HTTP side. Nil services leave their resources
// answering 503.
type Server struct {
	LRS         *lrs.Service
	Documents   *lrs.Documents
	Credentials *lrs.Credentials
	// Learner lets a learner read their own statements with their
	// session; nil: only LRS clients are admitted.
	Learner LearnerOf
	// Limiter throttles guessing credentials, across every server when it
	// is shared (Redis); nil: no limit.
	Limiter storage.Limiter
	// MaxBodyBytes is the largest request body read; 16 MiB when 0.
	MaxBodyBytes int64
	Log          *slog.Logger // nil: discard
}

// defaultMaxBodyBytes holds a batch of statements with attachments.
const defaultMaxBodyBytes = 16 << 20

// formCredentialsBytes is the most of an alternate-syntax form read before
// its credentials, which the form itself carries, can be checked: enough
// for a statement, too little to spend the server's memory on.
const formCredentialsBytes = 1 << 20

func (s *Server) maxBodyBytes() int64 {
	if s.MaxBodyBytes > 0 {
		return s.MaxBodyBytes
	}
	return defaultMaxBodyBytes
}

// Register mounts the LRS under /xapi.
func (s *Server) Register(e *echo.Echo) error {
	s.xapiRoutes(e)
	return nil
}

func (s *Server) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
