package lrsapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

// handleXAPIActivity answers GET /xapi/activities?activityId=: the Activity
// with the definition the LRS has merged from statements.
func (s *Server) handleXAPIActivity(c echo.Context) error {
	docs, err := s.documents()
	if err != nil {
		return err
	}
	p, err := knownParams(c, "activityId")
	if err != nil {
		return err
	}
	id, ok := p["activityId"]
	if !ok {
		return engine.FieldError("activityId", "is required")
	}
	a, err := docs.Activity(c.Request().Context(), lrsCaller(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// handleXAPIAgents answers GET /xapi/agents?agent=: the Person object of
// what the LRS knows about that agent.
func (s *Server) handleXAPIAgents(c echo.Context) error {
	docs, err := s.documents()
	if err != nil {
		return err
	}
	p, err := knownParams(c, "agent")
	if err != nil {
		return err
	}
	raw, ok := p["agent"]
	if !ok {
		return engine.FieldError("agent", "is required")
	}
	a, err := agentParam(raw, xapiVersionOf(c))
	if err != nil {
		return err
	}
	person, err := docs.Person(c.Request().Context(), lrsCaller(c), *a)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, person)
}

// handleXAPIAbout answers GET /xapi/about, to anyone and in any version:
// clients read it to learn which versions to speak.
func (s *Server) handleXAPIAbout(c echo.Context) error {
	if _, err := knownParams(c); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, lrs.DefaultAbout())
}
