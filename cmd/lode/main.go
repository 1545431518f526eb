// Command lode is the Lode engine: it serves learning modules, runs the
// built-in content types as plugin processes, and manages its database.
//
//	lode serve                 serve the modules in the content directory
//	lode migrate               apply database migrations and exit
//	lode check [PATH]          load and validate every module, report problems
//	lode export MODULE -o ZIP  write a module as one content package
//	lode import ZIP            install a content package into the content directory
//	lode plugin run NAME       run a built-in content type (the engine does this)
//	lode plugin new NAME       scaffold a new content type (docs/plugins.md)
//	lode plugin dev DIR        serve it from source, rebuilt on every change
//	lode plugins               list the content types, their digests and state
//	lode lrs credentials ...   create, list and revoke LRS clients
//	lode learners export|erase export or erase a learner's data (PRIVACY.md)
//	lode certificate verify F  check a certificate's signed badge offline
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: lode <command> [flags]

commands:
  serve [--watch]  serve the modules in the content directory (default);
                   --watch reloads a module when its folder changes
  migrate          apply database migrations and exit
  check [PATH...]  load and validate every module and report problems;
                   PATH is a content folder, a module folder or a package
  export MODULE -o FILE.zip
                   write a module (folder or id) as one content package
  import FILE.zip  install a content package into the content directory
  plugins          list the built-in and external content types: version,
                   protocol, SHA-256 digest, pin and state
  plugin run NAME  run a built-in content type as a plugin process
  plugin new NAME [-dir DIR] [-sdk PATH]
                   create a new content type's Go module (docs/plugins.md)
  plugin dev DIR [-addr HOST:PORT]
                   serve DIR/example with DIR's content type, rebuilt and
                   restarted whenever a file in DIR changes
  lrs credentials create|list|revoke
                   manage the clients of the xAPI LRS at /xapi
  learners export|erase -id ID|-email EMAIL [-yes]
                   print or erase everything Lode holds about a learner
  certificate verify FILE [-jwks FILE|URL]
                   check a certificate's Open Badges credential offline
  admin create -email EMAIL [-password-file FILE]
                   add an administrator of the admin area at /admin
  admin token create -name TEXT|list|revoke ID
                   manage the tokens of the reports API at /api/v1
  embed token -sub ID -origin ORIGIN [-name N] [-email E] [-ttl 10m]
                   mint a launch token for an /embed URL (embed keygen: Ed25519 keys)

flags:
  -config PATH     configuration file (default configs/lode.yaml if present)

Every setting can also be given by environment variable (LODE_ADDR,
LODE_DATABASE_URL, ...); see configs/lode.yaml.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lode:", err)
		os.Exit(1)
	}
}

// run dispatches a command line. Tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "plugin":
		return runPluginCommand(ctx, args, stdout, stderr)
	case "lrs":
		return runLRS(ctx, args, stdout, stderr)
	case "learners":
		return runLearners(ctx, args, stdout, stderr)
	case "certificate":
		return runCertificate(ctx, args, stdout, stderr)
	case "export":
		return runExport(ctx, args, stdout, stderr)
	case "import":
		return runImport(ctx, args, stdout, stderr)
	case "embed":
		return runEmbed(args, stdout, stderr)
	case "admin":
		return runAdmin(ctx, args, os.Stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fs := flag.NewFlagSet("lode "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "configuration file")
	watch := fs.Bool("watch", false, "serve: reload modules when their folders change")
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, *watch, stderr)
	case "migrate":
		return migrate(ctx, cfg, stdout, stderr)
	case "check":
		return checkPaths(ctx, cfg, fs.Args(), stdout, stderr)
	case "plugins":
		return listPlugins(ctx, cfg, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
