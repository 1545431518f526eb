package http

import "github.com/labstack/echo/v4"

// xapiStatementRoutes mounts the Statement resource. (Being built.)
func (s *Server) xapiStatementRoutes(g *echo.Group, auth echo.MiddlewareFunc) {}
