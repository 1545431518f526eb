package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lode-elearning/lode/engine/lrs"
)

const lrsUsage = `usage: lode lrs credentials <command> [flags]

commands:
  create [-label TEXT] [-scope LIST]   make an LRS client; prints its key and secret (shown once)
  list                                 list the LRS clients
  revoke KEY                           revoke a client at once

flags:
  -config PATH   configuration file (default configs/lode.yaml if present)
  -label TEXT    who the client is for, e.g. "Moodle at Main Library"
  -scope LIST    comma-separated scopes (default statements/write,statements/read/mine):
                 ` + "statements/write, statements/read/mine, statements/read, state, define, profile, all/read, all" + `
`

// runLRS runs `lode lrs credentials create|list|revoke`.
func runLRS(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "credentials" {
		fmt.Fprint(stderr, lrsUsage)
		return errors.New("lrs: want `lode lrs credentials create|list|revoke`")
	}
	sub := args[1]
	var label, scope *string
	fs, configPath, err := parseManaged("lrs credentials", lrsUsage, sub, "the key of the client", args[2:], stderr, func(fs *flag.FlagSet) {
		label = fs.String("label", "", "who the client is for")
		scope = fs.String("scope", "", "comma-separated scopes")
	})
	if err != nil {
		return err
	}
	cfg, db, err := openConfigured(ctx, configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	creds := newCredentials(db, cfg)
	switch sub {
	case "create":
		return createLRSClient(ctx, creds, *label, *scope, stdout)
	case "list":
		return listLRSClients(ctx, creds, stdout)
	}
	if err := creds.Revoke(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked %s: its requests are refused from now on\n", fs.Arg(0))
	return nil
}

func createLRSClient(ctx context.Context, creds *lrs.Credentials, label, scope string, stdout io.Writer) error {
	cl, secret, err := creds.Create(ctx, label, strings.Split(scope, ","))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "key:    %s\nsecret: %s\nscopes: %s\n\n", cl.Key, secret, strings.Join(cl.Scopes, " "))
	fmt.Fprintln(stdout, "The secret is shown this once and stored only as a hash: keep it now.")
	return nil
}

func listLRSClients(ctx context.Context, creds *lrs.Credentials, stdout io.Writer) error {
	list, err := creds.List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tLABEL\tSCOPES\tCREATED\tLAST USED\tREVOKED")
	for _, c := range list {
		created := day(&c.CreatedAt)
		if c.Bootstrap {
			created = "(configuration)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Key, c.Label, strings.Join(c.Scopes, " "), created, day(c.LastUsedAt), day(c.RevokedAt))
	}
	return tw.Flush()
}

// day shows a time to the minute, in UTC; "-" for none.
func day(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04Z")
}
