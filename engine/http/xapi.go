package http

// xapiRoutes mounts the xAPI LRS under /xapi. Each resource registers its
// own routes; version negotiation and authentication wrap them all.
func (s *Server) xapiRoutes() {
	g := s.echo.Group("/xapi")
	s.xapiStatementRoutes(g, s.xapiAuth)
	s.xapiDocumentRoutes(g, s.xapiAuth)
}
