package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/lode-elearning/lode/engine/admin"
)

const adminUsage = `usage: lode admin create -email EMAIL [-role ROLE] [-password-file FILE]
       lode admin token create|list|revoke (API tokens: lode admin token -h)

Creates an administrator of the admin area at /admin, or an author or a
reviewer of the module editor at /admin/editor. The password (at
least 12 characters) is read from FILE, or else asked for twice on a
terminal, or else read from the first line of standard input; it is
stored only as an argon2id hash.

flags:
  -config PATH          configuration file (default configs/lode.yaml if present)
  -email EMAIL          the administrator's email, with which they sign in
  -password-file FILE   a file whose first line is the password
  -role ROLE            author (writes drafts of the modules given to them),
                        reviewer (comments, approves, publishes) or
                        administrator (runs the site; the default)
`

// runAdmin runs `lode admin create` and `lode admin token ...`.
func runAdmin(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "token" {
		return runAdminToken(ctx, args[1:], stdout, stderr)
	}
	if len(args) < 1 || args[0] != "create" {
		fmt.Fprint(stderr, adminUsage)
		return errors.New("admin: want `lode admin create -email EMAIL` or `lode admin token create|list|revoke`")
	}
	fs := flag.NewFlagSet("lode admin create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, adminUsage) }
	configPath := fs.String("config", "", "configuration file")
	email := fs.String("email", "", "the administrator's email")
	passwordFile := fs.String("password-file", "", "a file whose first line is the password")
	roleName := fs.String("role", string(admin.RoleAdministrator), "author, reviewer or administrator")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	role, err := admin.ParseRole("-role", *roleName)
	if err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("admin create: unexpected argument %q", fs.Arg(0))
	}
	password, err := readPassword(*passwordFile, stdin, stderr)
	if err != nil {
		return err
	}
	_, db, err := openConfigured(ctx, *configPath)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := (&admin.Admins{Store: db}).CreateRole(ctx, admin.CLI, *email, password, role)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s created: sign in at /admin/signin\n", a.Role, a.Email)
	return nil
}

// readPassword reads the first line of file, or of stdin without one; on
// a terminal it asks twice, without echo.
func readPassword(file string, stdin io.Reader, stderr io.Writer) (string, error) {
	from := "standard input"
	if f, ok := stdin.(*os.File); ok && file == "" && term.IsTerminal(int(f.Fd())) {
		return promptPassword(int(f.Fd()), stderr)
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("-password-file: %w", err)
		}
		defer f.Close()
		stdin, from = f, file
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from %s: %w", from, err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("password: none given on %s (use -password-file or pipe it in)", from)
	}
	return line, nil
}

func promptPassword(fd int, stderr io.Writer) (string, error) {
	var typed [2]string
	for i, prompt := range []string{"Password: ", "Again: "} {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		typed[i] = string(b)
	}
	if typed[0] != typed[1] {
		return "", errors.New("password: the two typed differ")
	}
	return typed[0], nil
}
