package http

import "github.com/labstack/echo/v4"

// Route is one route of a part of the site, relative to its group.
type Route struct {
	Method, Path string
	Handler      echo.HandlerFunc
}

// RouteList is a part's routes behind one middleware, kept as a list so
// that the tests that walk every route (anonymous, learner, revoked
// token) cannot miss one added later.
type RouteList []Route

// AddTo adds every route to g.
func (l RouteList) AddTo(g *echo.Group) {
	for _, r := range l {
		g.Add(r.Method, r.Path, r.Handler)
	}
}

// Names are the routes as "METHOD prefix/path", with :id parameters as
// written.
func (l RouteList) Names(prefix string) []string {
	out := make([]string, len(l))
	for i, r := range l {
		out[i] = r.Method + " " + prefix + r.Path
	}
	return out
}
