package http

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
)

// readyTimeout bounds each readiness check, so that a hung dependency
// makes /readyz fail rather than hang the prober.
const readyTimeout = 2 * time.Second

// handleHealthz answers GET /healthz: the process is up and serving.
func (s *Server) handleHealthz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.String(http.StatusOK, "ok")
}

type readyJSON struct {
	Ready  bool             `json:"ready"`
	Checks []readyCheckJSON `json:"checks,omitempty"`
}

type readyCheckJSON struct {
	Name     string `json:"name"`
	OK       bool   `json:"ok"`
	Error    string `json:"error,omitempty"`
	Advisory bool   `json:"advisory,omitempty"`
}

// handleReadyz answers GET /readyz: every ReadyCheck, run at once; 503 if
// any fails, so a load balancer stops sending learners here.
func (s *Server) handleReadyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
	defer cancel()
	out := readyJSON{Ready: true, Checks: make([]readyCheckJSON, len(s.Ready))}
	var wg sync.WaitGroup
	for i, rc := range s.Ready {
		wg.Go(func() {
			out.Checks[i] = readyCheckJSON{Name: rc.Name, OK: true, Advisory: rc.Advisory}
			if err := rc.Check(ctx); err != nil {
				s.log().Warn("readiness check failed", "check", rc.Name, "err", err)
				out.Checks[i].OK, out.Checks[i].Error = false, engine.ErrorMessage(err)
			}
		})
	}
	wg.Wait()
	status := http.StatusOK
	for _, ch := range out.Checks {
		if !ch.OK && !ch.Advisory {
			out.Ready, status = false, http.StatusServiceUnavailable
		}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if s.checkOpsToken(c) != nil {
		out.Checks = nil // ready or not, for anyone; why, for operators
	}
	return c.JSON(status, out)
}

// checkOpsToken admits a request carrying the operators' bearer token;
// EUNAUTHORIZED otherwise, and always when no token is configured.
func (s *Server) checkOpsToken(c echo.Context) error {
	want := s.Config.OpsToken
	got, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
	if want == "" || !ok || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return engine.Errorf(engine.EUNAUTHORIZED, "this needs the operators' token (ops_token, LODE_OPS_TOKEN) as a Bearer token")
	}
	return nil
}

// handleMetrics serves GET /metrics in the Prometheus format.
func (s *Server) handleMetrics(c echo.Context) error {
	if s.Metrics == nil || s.Config.OpsToken == "" {
		return engine.Errorf(engine.ENOTFOUND, "metrics are not enabled: set ops_token (LODE_OPS_TOKEN) to read them")
	}
	if err := s.checkOpsToken(c); err != nil {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="Lode operations"`)
		return err
	}
	s.Metrics.Handler().ServeHTTP(c.Response(), c.Request())
	return nil
}
