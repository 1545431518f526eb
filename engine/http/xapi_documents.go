package http

import "github.com/labstack/echo/v4"

// xapiDocumentRoutes mounts the State, Activity Profile, Agent Profile,
// Activities, Agents and About resources. (Being built.)
func (s *Server) xapiDocumentRoutes(g *echo.Group, auth echo.MiddlewareFunc) {}
