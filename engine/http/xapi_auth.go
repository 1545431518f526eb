package http

import (
	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// xapiAuth authenticates LRS clients with HTTP Basic credentials. (Being
// built: until then every request is refused.)
func (s *Server) xapiAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		return engine.Errorf(engine.EUNAUTHORIZED, "LRS credentials are not set up yet")
	}
}
