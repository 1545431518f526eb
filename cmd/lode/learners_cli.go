package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/http/web"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/engine/redis"
	lodestorage "github.com/lode-elearning/lode/engine/storage"
)

const learnersUsage = `usage: lode learners <command> -id ID | -email EMAIL [flags]

commands:
  export   print everything Lode holds about a learner, as JSON: the file
           the patron gets from "Download your data" on /profile
  erase    erase everything Lode holds about a learner (see docs/PRIVACY.md);
           without -yes, only says what would be erased

flags:
  -config PATH   configuration file (default configs/lode.yaml if present)
  -id ID         the learner's id (their xAPI account name)
  -email EMAIL   the email the learner gave on /profile
  -yes           erase for good (erase only)
`

// learnersCmd is one `lode learners` command line, parsed.
type learnersCmd struct {
	sub, id, email string
	yes            bool
	cfg            config.Config
}

// runLearners runs `lode learners export|erase`, an administrator's way
// to honour a patron's request made at the desk rather than on /profile.
func runLearners(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, err := parseLearners(args, stderr)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, cmd.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	p, closeSessions, err := adminPrivacy(ctx, cmd.cfg, db)
	if err != nil {
		return err
	}
	defer closeSessions()
	id, err := cmd.learner(ctx, db)
	if err != nil {
		return err
	}
	if cmd.sub == "export" {
		return exportLearner(ctx, p, db, id, stdout)
	}
	return eraseLearner(ctx, p, id, cmd.yes, stdout)
}

func parseLearners(args []string, stderr io.Writer) (*learnersCmd, error) {
	if len(args) == 0 || (args[0] != "export" && args[0] != "erase") {
		fmt.Fprint(stderr, learnersUsage)
		return nil, errors.New("learners: want `lode learners export|erase -id ID|-email EMAIL`")
	}
	cmd := &learnersCmd{sub: args[0]}
	fs := flag.NewFlagSet("lode learners "+cmd.sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, learnersUsage) }
	configPath := fs.String("config", "", "configuration file")
	fs.StringVar(&cmd.id, "id", "", "the learner's id")
	fs.StringVar(&cmd.email, "email", "", "the learner's email")
	fs.BoolVar(&cmd.yes, "yes", false, "erase for good")
	if err := fs.Parse(args[1:]); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() != 0:
		return nil, fmt.Errorf("learners %s: unexpected argument %q", cmd.sub, fs.Arg(0))
	case (cmd.id == "") == (cmd.email == ""):
		return nil, fmt.Errorf("learners %s: give the learner as -id ID or -email EMAIL, one of the two", cmd.sub)
	case cmd.yes && cmd.sub != "erase":
		return nil, errors.New("learners export: -yes is for erase")
	}
	var err error
	cmd.cfg, err = loadConfig(*configPath)
	return cmd, err
}

// learner returns the id of the learner the command names. ENOTFOUND if
// none has it; EINVALID if several learners gave the email, which an
// administrator must then tell apart by id.
func (cmd *learnersCmd) learner(ctx context.Context, db lodestorage.Backend) (string, error) {
	if cmd.id != "" {
		return cmd.id, nil
	}
	ids, err := db.LearnersByEmail(ctx, cmd.email)
	switch {
	case err != nil:
		return "", err
	case len(ids) == 0:
		return "", engine.Errorf(engine.ENOTFOUND, "no learner gave the email %s", cmd.email)
	case len(ids) > 1:
		return "", engine.Errorf(engine.EINVALID, "%d learners gave the email %s: %s; export each with -id and choose",
			len(ids), cmd.email, strings.Join(ids, ", "))
	}
	return ids[0], nil
}

// adminPrivacy is the Privacy service over db, reaching the learners'
// sessions when they are in Redis; in-process sessions belong to the
// server, which this command cannot reach.
func adminPrivacy(ctx context.Context, cfg config.Config, db lodestorage.Backend) (*learning.Privacy, func(), error) {
	base := publicURL(cfg, cfg.Addr) // as lode serve works it out, so the learner's statements are found
	d := &learning.Delivery{Learners: db, Progress: db, BaseURL: base, ActorName: cfg.StatementActorName,
		LRS: &lrs.Service{Statements: db, Attachments: db, BaseURL: base}}
	p := &learning.Privacy{Delivery: d, Store: db, Accounts: db}
	if cfg.RedisURL == "" {
		return p, func() {}, nil
	}
	rs, err := redis.Open(ctx, cfg.RedisURL, "")
	if err != nil {
		return nil, nil, err
	}
	p.Sessions = &learning.Sessions{Store: rs, TTL: cfg.SessionTTL}
	return p, func() { rs.Close() }, nil
}

func exportLearner(ctx context.Context, p *learning.Privacy, certs credential.Store, id string, stdout io.Writer) error {
	rec, err := p.Export(ctx, id)
	if err != nil {
		return err
	}
	held, err := certs.LearnerCertificates(ctx, id)
	if err != nil {
		return err
	}
	body, err := web.ExportDocument(rec, held, time.Now())
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", body)
	return err
}

func eraseLearner(ctx context.Context, p *learning.Privacy, id string, yes bool, stdout io.Writer) error {
	if !yes {
		rec, err := p.Export(ctx, id)
		if err != nil {
			return err
		}
		l := rec.Learner
		fmt.Fprintf(stdout, "learner %s (name %q, email %q): %d registrations, %d statements, created %s\n",
			l.ID, l.Name, l.Email, len(rec.Registrations), len(rec.Statements), day(&l.CreatedAt))
		return errors.New("nothing was erased: run again with -yes to erase this learner for good")
	}
	e, err := p.Erase(ctx, id, learning.ErasedByAdmin)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "erased learner %s: %d registrations, %d object states, %d statements, %d documents, %d attachments\n",
		e.LearnerID, e.Registrations, e.ObjectStates, e.Statements, e.Documents, e.Attachments)
	fmt.Fprintf(stdout, "forwarding: %d voiding statements queued for remote LRSs, %d unsent statements dropped\n", e.Voided, e.Dropped)
	if p.Sessions == nil {
		fmt.Fprintln(stdout, "note: sessions are in the server's memory (no redis_url), out of this command's reach; a browser still in a session of this learner sees \"not found\" pages until the session expires (session_ttl) or the server restarts")
	}
	return nil
}
