package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/feed"
	lodehttp "github.com/lode-elearning/lode/engine/http"
	adminhttp "github.com/lode-elearning/lode/engine/http/admin"
	"github.com/lode-elearning/lode/engine/http/api"
	"github.com/lode-elearning/lode/engine/http/devbench"
	"github.com/lode-elearning/lode/engine/http/lrsapi"
	"github.com/lode-elearning/lode/engine/http/share"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/mail"
	"github.com/lode-elearning/lode/engine/metrics"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/pluginhost"
)

// app is a running Lode server: storage, plugins, modules and the HTTP
// server wired together. Tests start one on 127.0.0.1:0.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	store    *storage
	host     *pluginhost.Host
	catalog  *module.Catalog // swapped whole when serve --watch reloads
	server   *lodehttp.Server
	ln       net.Listener
	serving  bool // Serve was called: served will receive its result
	served   chan error
	problems []module.Problem
	privacy  *learning.Privacy // the web's, which the retention sweep shares
	unwatch  func()            // stops serve --watch; nil without it
	admin    *adminhttp.Server // the admin area: its unpublished modules are restored at start
	dev      *devbench.Bench   // lode plugin dev's workbench: records Handle calls, serves /_dev; nil otherwise
}

// pluginExecutable is the binary that runs built-in content types: this
// one. Tests point it at a freshly built lode.
var pluginExecutable = os.Executable

// openApp opens storage, starts the plugins, loads the modules and starts
// listening. Serving starts with serveApp.
func openApp(ctx context.Context, cfg config.Config, logOut io.Writer, opts ...func(*app)) (_ *app, err error) {
	a := &app{cfg: cfg, log: newLogger(cfg, logOut), served: make(chan error, 1)}
	for _, opt := range opts {
		opt(a)
	}
	defer func() {
		if err != nil {
			a.close(context.Background()) // whatever was opened before the failure
		}
	}()
	m := metrics.New()
	if a.store, err = openStorage(ctx, cfg, a.log, m); err != nil {
		return nil, err
	}
	if a.host, err = startPlugins(ctx, cfg, a.log, m); err != nil {
		return nil, err
	}
	mods, problems := module.LoadAll(ctx, cfg.ContentDir, a.host)
	a.problems = problems
	for _, p := range problems {
		a.log.Warn("module problem", "problem", p.String())
	}
	a.catalog = module.NewCatalog(mods)
	a.log.Info("modules loaded", "dir", cfg.ContentDir, "modules", len(mods), "problems", len(problems))
	// Listen before building the server: without base_url, its URL is the
	// address listened on, which ":0" only knows once bound.
	if a.ln, err = net.Listen("tcp", cfg.Addr); err != nil {
		return nil, fmt.Errorf("listen on %s (LODE_ADDR): %w", cfg.Addr, err)
	}
	a.cfg.BaseURL = publicURL(cfg, a.ln.Addr().String())
	warnDerivedURL(a.log, cfg, a.cfg.BaseURL)
	if a.server, err = a.newServer(m); err != nil {
		return nil, err
	}
	if err = a.admin.Restore(ctx); err != nil {
		return nil, err
	}
	if err = a.startForwarding(ctx, m); err != nil {
		return nil, err
	}
	a.startRetention(ctx)
	a.startFeedPoll(ctx)
	a.startSync(ctx)
	a.log.Info("listening", "addr", a.ln.Addr().String(), "url", a.cfg.BaseURL)
	a.serving = true
	go func() { a.served <- a.server.Serve(a.ln) }()
	return a, nil
}

func (a *app) newServer(m *metrics.Metrics) (*lodehttp.Server, error) {
	key, err := signingKey(a.cfg)
	if err != nil {
		return nil, err
	}
	learner, err := web.New(web.Config{
		BaseURL: a.cfg.BaseURL, SecureCookies: a.cfg.SecureCookies, MaxBodyBytes: a.cfg.MaxBodyBytes, SigningKey: key,
		NewLearnersPerHour: noLimitIfZero(a.cfg.NewLearnersPerHour), WritesPerMinute: noLimitIfZero(a.cfg.LearnerWritesPerMinute),
		EmbedOrigins: a.cfg.EmbedOrigins, EmbedSecret: embedSecret(a.cfg), EmbedPublicKey: embedPublicKey(a.cfg),
		Feed: share.FeedPath,
	})
	if err != nil {
		return nil, err
	}
	lrsService := a.lrsService()
	learner.Delivery = &learning.Delivery{
		Modules: a.catalog, Content: a.content(), Learners: a.store.db, Progress: a.progress(),
		LRS: lrsService, BaseURL: a.cfg.BaseURL, ActorName: a.cfg.StatementActorName,
	}
	learner.Sessions = &learning.Sessions{Store: a.store.sessions, TTL: a.cfg.SessionTTL}
	learner.Privacy = &learning.Privacy{Delivery: learner.Delivery, Store: a.store.db, Accounts: a.store.db, Sessions: learner.Sessions}
	a.privacy = learner.Privacy
	learner.Learners = a.store.db
	mailer, err := a.mailer()
	if err != nil {
		return nil, err
	}
	learner.Accounts = &learning.Accounts{
		Store: a.store.db, Learners: a.store.db, Progress: a.store.db, Mail: mailer, SiteName: "Lode",
	}
	iss, err := issuer(a.cfg)
	if err != nil {
		return nil, err
	}
	learner.Certificates = &credential.Service{
		Store: a.store.db, Learners: a.store.db, Progress: a.store.db, Modules: a.catalog, Issuer: iss,
	}
	learner.Plugins = a.host
	learner.Media = module.MediaPath
	learner.Limiter = a.store.limiter
	learner.Origins = func(ctx context.Context) (map[string]string, error) { return feed.Origins(ctx, a.store.feeds) }
	learner.Log = a.log
	lrsAPI := &lrsapi.Server{
		LRS: lrsService, Documents: a.documentsService(), Credentials: a.credentialsService(),
		Learner: learner.LearnerOf, Limiter: a.store.limiter, MaxBodyBytes: a.cfg.XAPIMaxBodyBytes, Log: a.log,
	}
	s := lodehttp.New(lodehttp.Config{
		HTTPS: strings.HasPrefix(a.cfg.BaseURL, "https://"), OpsToken: a.cfg.OpsToken,
		TrustedProxies: trustedProxies(a.cfg.TrustedProxies),
	})
	s.Metrics = m
	s.Log = a.log
	s.Ready = append(a.store.ready, pluginChecks(a.host)...)
	s.ErrorPage = learner.ErrorPage
	a.admin = a.adminArea(lrsAPI.Credentials, learner.EmbedSites)
	a.admin.Player = learner // the editor's live preview plays drafts on the learner's pages
	reportsAPI := &api.Server{Admins: a.admin.Admins, Modules: a.admin}
	if err := s.Mount(learner, lrsAPI, a.admin, a.shared(), reportsAPI); err != nil {
		return nil, err
	}
	if a.dev != nil {
		return s, s.Mount(a.dev)
	}
	return s, nil
}

// content is the plugin host, seen through the workbench in plugin dev mode.
func (a *app) content() learning.ContentTypes {
	if a.dev != nil {
		return a.dev.Wrap(a.host)
	}
	return a.host
}

// progress is the progress store, whose statements the workbench shows on
// the Handle calls they came from in plugin dev mode.
func (a *app) progress() learning.ProgressStore {
	if a.dev != nil {
		return a.dev.WrapProgress(a.store.db)
	}
	return a.store.db
}

// addr is where the server listens, e.g. 127.0.0.1:41234.
func (a *app) addr() string { return a.ln.Addr().String() }

// close shuts down gracefully: stop accepting, let requests finish, stop
// the plugins, close the stores.
func (a *app) close(ctx context.Context) error {
	var errs []error
	switch {
	case a.serving:
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		errs = append(errs, a.server.Shutdown(sctx))
		cancel()
		errs = append(errs, <-a.served)
	case a.ln != nil: // opening failed after listening, before serving
		errs = append(errs, a.ln.Close())
	}
	if a.unwatch != nil {
		a.unwatch() // before the plugins: a reload asks them to validate
	}
	if a.host != nil {
		a.host.Close()
	}
	if a.store != nil {
		errs = append(errs, a.store.close())
	}
	return errors.Join(errs...)
}

// serve runs the server until ctx ends (SIGINT/SIGTERM), then shuts down.
func serve(ctx context.Context, cfg config.Config, watch bool, logOut io.Writer) error {
	a, err := openApp(ctx, cfg, logOut)
	if err != nil {
		return err
	}
	if watch {
		if err := a.watch(ctx, nil); err != nil {
			return errors.Join(err, a.close(context.WithoutCancel(ctx)))
		}
	}
	select {
	case <-ctx.Done():
		a.log.Info("shutting down")
	case err := <-a.served:
		a.served <- err // close reads it again
		a.log.Error("server stopped", "err", err)
	}
	return a.close(context.WithoutCancel(ctx))
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.SlogLevel()}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// signingKey returns the configured secret key, or the one kept in
// DataDir/secret.key, generating it on first start.
func signingKey(cfg config.Config) ([]byte, error) {
	if cfg.SecretKey != "" {
		return []byte(cfg.SecretKey), nil
	}
	key, err := dataDirKey(cfg, "secret.key", newSecretKey)
	if err != nil {
		return nil, fmt.Errorf("the secret key: %w", err)
	}
	return []byte(key), nil
}

func loadConfig(path string) (config.Config, error) {
	return config.Load(path, os.LookupEnv)
}

// noLimitIfZero turns the configuration's "0: no limit" into web's, where
// 0 is the default and a negative number is no limit.
func noLimitIfZero(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// trustedProxies parses the validated trusted_proxies setting.
func trustedProxies(items []string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range items {
		if p, err := config.ParseProxy(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// mailer sends sign-in links: through smtp_url, or into the log on a
// development server; nil (email sign-in off) otherwise, said once.
func (a *app) mailer() (learning.Mailer, error) {
	switch {
	case a.cfg.SMTPURL != "":
		return mail.New(a.cfg.SMTPURL, a.cfg.MailFrom)
	case a.cfg.IsLocal():
		a.log.Info("no smtp_url: sign-in links will be printed in this log (development only)")
		return mail.ToLog{Log: a.log}, nil
	}
	a.log.Warn("no smtp_url: learners cannot sign in by email, only with a resume code; set smtp_url and mail_from (LODE_SMTP_URL, LODE_MAIL_FROM)")
	return nil, nil
}
