package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/pluginclient"
)

// Status is one plugin's state, for /readyz and `lode plugins`.
type Status struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	Protocol  int    `json:"protocol,omitempty"` // the protocol version negotiated at the last start
	SHA256    string `json:"sha256,omitempty"`   // the executable's digest at the last start; "" for built-ins
	Builtin   bool   `json:"builtin"`
	Path      string `json:"path"`
	Ready     bool   `json:"ready"`
	PID       int    `json:"pid,omitempty"`
	Restarts  int    `json:"restarts"`
	LastError string `json:"last_error,omitempty"`
}

// supervisor keeps one plugin process running.
type supervisor struct {
	spec Spec
	cfg  *Config

	mu        sync.RWMutex
	client    *goplugin.Client
	ct        sdk.ContentType
	desc      *sdk.Description
	pid       int
	protocol  int
	digest    string
	restarts  int
	gen       uint64 // counts successful starts: which process renders are from
	lastErr   error
	requested bool          // Restart stopped the process: start it again without backoff
	broken    chan struct{} // closed when a call saw the process fail
}

func newSupervisor(s Spec, cfg *Config) *supervisor {
	return &supervisor{spec: s, cfg: cfg}
}

// run starts the plugin, watches it and restarts it with backoff until ctx
// ends. It signals started once, after the first attempt.
func (s *supervisor) run(ctx context.Context, started chan<- struct{}) {
	log := s.cfg.Logger.With("content_type", s.spec.Name)
	backoff := s.cfg.BackoffMin
	first := true
	for {
		err := s.start(ctx)
		if err != nil {
			s.mu.Lock()
			s.lastErr = err // visible in Status before Start returns
			s.mu.Unlock()
		}
		if first {
			started <- struct{}{}
			first = false
		}
		if err != nil {
			log.Error("content type failed to start", "err", err, "retry_in", backoff)
		} else {
			upSince := time.Now()
			log.Info("content type started", "pid", s.pid, "version", s.desc.Version)
			err = s.watch(ctx)
			if ctx.Err() != nil {
				s.stop()
				return
			}
			if s.restartRequested() {
				log.Info("content type restarting on request")
				s.stop()
				continue
			}
			log.Error("content type stopped; restarting", "err", err)
			if time.Since(upSince) > 30*time.Second {
				backoff = s.cfg.BackoffMin // it was healthy for a while: restart at once
			}
		}
		s.stop()
		s.mu.Lock()
		s.lastErr = err
		s.restarts++
		s.mu.Unlock()
		s.cfg.Observer.PluginRestart(s.spec.Name)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, s.cfg.BackoffMax)
	}
}

// start launches the process, dispenses the content type and asks it to
// describe itself. On success the plugin is ready for calls.
func (s *supervisor) start(ctx context.Context) error {
	digest, err := verify(s.spec)
	s.mu.Lock()
	s.digest = digest
	s.mu.Unlock()
	if err != nil {
		return err
	}
	warnUnpinned(s.cfg.Logger.With("content_type", s.spec.Name), s.spec, digest)
	client := goplugin.NewClient(pluginclient.ClientConfig(NewCommand(s.spec), hclogToSlog(s.cfg.Logger, s.spec.Name)))
	ct, err := pluginclient.Dispense(client)
	if err != nil {
		client.Kill()
		return fmt.Errorf("start %s (this Lode speaks content-type protocol %d): %w", s.spec.Path, sdk.ProtocolVersion, err)
	}
	dctx, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
	defer cancel()
	desc, err := ct.Describe(dctx)
	if err != nil {
		client.Kill()
		return fmt.Errorf("describe: %w", err)
	}
	if desc.Name != s.spec.Name {
		client.Kill()
		return fmt.Errorf("the plugin at %s says it is %q, not %q", s.spec.Path, desc.Name, s.spec.Name)
	}
	if desc.ProtocolVersion != client.NegotiatedVersion() {
		client.Kill()
		return fmt.Errorf("the plugin at %s was built for content-type protocol %d, but this Lode speaks %d; rebuild it with a matching SDK",
			s.spec.Path, desc.ProtocolVersion, client.NegotiatedVersion())
	}
	pid := 0
	if rc := client.ReattachConfig(); rc != nil {
		pid = rc.Pid
	}
	s.mu.Lock()
	s.client, s.ct, s.desc, s.pid = client, ct, desc, pid
	s.protocol = client.NegotiatedVersion()
	s.broken = make(chan struct{})
	s.lastErr = nil
	s.gen++
	s.mu.Unlock()
	return nil
}

// watch returns when the plugin process is gone or stops answering pings.
// Exits are noticed within 50ms, so a killed plugin is back in well under
// a second when no backoff applies.
func (s *supervisor) watch(ctx context.Context) error {
	s.mu.RLock()
	client, broken := s.client, s.broken
	s.mu.RUnlock()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	lastPing := time.Now()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-broken:
		case <-tick.C:
		}
		if client.Exited() {
			return errors.New("the process exited")
		}
		if time.Since(lastPing) >= s.cfg.HealthInterval || isClosed(broken) {
			if err := ping(client); err != nil {
				return fmt.Errorf("health check: %w", err)
			}
			lastPing = time.Now()
			if isClosed(broken) {
				s.mu.Lock()
				s.broken = make(chan struct{})
				broken = s.broken
				s.mu.Unlock()
			}
		}
	}
}

func ping(client *goplugin.Client) error {
	rpc, err := client.Client()
	if err != nil {
		return err
	}
	return rpc.Ping()
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// stop kills the process and marks the plugin unavailable.
func (s *supervisor) stop() {
	s.mu.Lock()
	client := s.client
	s.client, s.ct, s.pid = nil, nil, 0
	s.mu.Unlock()
	if client != nil {
		client.Kill()
	}
}

func (s *supervisor) status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Status{Name: s.spec.Name, Ready: s.ct != nil, PID: s.pid, Restarts: s.restarts,
		Protocol: s.protocol, SHA256: s.digest, Builtin: s.spec.Builtin, Path: s.spec.Path}
	if s.desc != nil {
		st.Version = s.desc.Version
	}
	if s.lastErr != nil {
		st.LastError = s.lastErr.Error()
	}
	return st
}

func (s *supervisor) description() (*sdk.Description, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.desc == nil {
		return nil, s.unavailable()
	}
	return s.desc, nil
}

// renderIdentity names the running process for the render cache: its
// start count and version. Renders are cacheable only while a process is
// up and no call has seen it fail (a failing one answers unavailable, not
// from the cache, until its watcher decides) and when it did not say its
// renders vary.
func (s *supervisor) renderIdentity() (gen uint64, version string, cacheable bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ct == nil || s.desc == nil || isClosed(s.broken) {
		return 0, "", false
	}
	return s.gen, s.desc.Version, !s.desc.VolatileRender
}

func (s *supervisor) unavailable() error {
	return engine.Errorf(engine.EUNAVAILABLE, "the %s content type is restarting; try again in a moment", s.spec.Name)
}

// call runs fn against the live plugin with the per-call timeout and turns
// its failure into the engine's error codes: the plugin's InvalidError is
// the learner's mistake (EINVALID); a dead or silent process is
// EUNAVAILABLE and wakes the supervisor; anything else is the plugin's bug.
func (s *supervisor) call(ctx context.Context, method string, fn func(context.Context, sdk.ContentType) error) error {
	s.mu.RLock()
	ct, broken := s.ct, s.broken
	s.mu.RUnlock()
	if ct == nil {
		return s.unavailable()
	}
	cctx, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
	defer cancel()
	start := time.Now()
	err := fn(cctx, ct)
	s.cfg.Observer.PluginCall(s.spec.Name, method, time.Since(start), err)
	if err == nil {
		return nil
	}
	if sdk.IsInvalid(err) {
		return &engine.Error{Code: engine.EINVALID, Message: err.Error()}
	}
	if ctx.Err() != nil {
		return ctx.Err() // the caller gave up; not the plugin's fault
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.Canceled:
		s.markBroken(broken)
		return &engine.Error{Code: engine.EUNAVAILABLE, Message: s.unavailable().Error(), Err: err}
	case codes.DeadlineExceeded:
		s.markBroken(broken)
		return &engine.Error{Code: engine.EUNAVAILABLE, Message: fmt.Sprintf("the %s content type did not answer in time; try again", s.spec.Name), Err: err}
	}
	return &engine.Error{Code: engine.EINTERNAL, Message: fmt.Sprintf("the %s content type failed", s.spec.Name), Err: err}
}

// markBroken asks the watcher to check the process now instead of at the
// next health check.
func (s *supervisor) markBroken(broken chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if broken != nil && broken == s.broken && !isClosed(broken) {
		close(broken)
	}
}
