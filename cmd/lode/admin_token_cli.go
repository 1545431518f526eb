package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/lode-elearning/lode/engine/admin"
)

const tokenUsage = `usage: lode admin token <command> [flags]

commands:
  create -name TEXT [-expires-days N]
                      make an API token for /api/v1; prints it (shown once)
  list                list the API tokens
  revoke ID           revoke a token at once

flags:
  -config PATH   configuration file (default configs/lode.yaml if present)
  -name TEXT     who or what the token is for, e.g. "State library registry"
  -expires-days N  days until the token expires (default 365; 0: never, until revoked)

See docs/API.md.
`

// runAdminToken runs `lode admin token create|list|revoke`; args follow
// "token".
func runAdminToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 1 {
		fmt.Fprint(stderr, tokenUsage)
		return errors.New("admin token: want `lode admin token create|list|revoke`")
	}
	sub := args[0]
	var name *string
	var days *int
	fs, configPath, err := parseManaged("admin token", tokenUsage, sub, "the id of the token", args[1:], stderr, func(fs *flag.FlagSet) {
		name = fs.String("name", "", "who or what the token is for")
		days = fs.Int("expires-days", 365, "days until the token expires; 0: never")
	})
	if err != nil {
		return err
	}
	_, db, err := openConfigured(ctx, configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	admins := &admin.Admins{Store: db}
	switch sub {
	case "create":
		return createToken(ctx, admins, *name, *days, stdout)
	case "list":
		return listTokens(ctx, db, stdout)
	}
	if err := admins.RevokeToken(ctx, admin.CLI, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked %s: its requests are refused from now on\n", fs.Arg(0))
	return nil
}

func createToken(ctx context.Context, admins *admin.Admins, name string, days int, stdout io.Writer) error {
	t, secret, err := admins.CreateToken(ctx, admin.CLI, name, days)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "id:      %s\nname:    %s\nexpires: %s\ntoken:   %s\n\n", t.ID, t.Name, day(t.ExpiresAt), secret)
	fmt.Fprintln(stdout, "The token is shown this once and stored only as a hash: keep it now.")
	fmt.Fprintln(stdout, "Send it as `Authorization: Bearer TOKEN` to /api/v1 (docs/API.md).")
	return nil
}

func listTokens(ctx context.Context, store admin.TokenStore, stdout io.Writer) error {
	list, err := store.Tokens(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCREATED BY\tCREATED\tEXPIRES\tLAST USED\tREVOKED")
	for _, t := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedBy, day(&t.CreatedAt), day(t.ExpiresAt), day(t.LastUsedAt), day(t.RevokedAt))
	}
	return tw.Flush()
}
