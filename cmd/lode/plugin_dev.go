package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine/http/devbench"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
	"github.com/lode-elearning/lode/engine/pluginhost"
)

// devPoll is how often the workbench looks for changed files. Polling
// needs no file-notification dependency and is fast enough for a person
// saving a file.
const devPoll = 300 * time.Millisecond

// pluginDev is `lode plugin dev DIR`: Lode serving DIR/example with the
// content type in DIR built from source, rebuilt and restarted whenever a
// file in DIR changes, so the next render shows the change.
func pluginDev(ctx context.Context, args []string, stderr io.Writer) error {
	fset := flag.NewFlagSet("lode plugin dev", flag.ContinueOnError)
	fset.SetOutput(stderr)
	addr := fset.String("addr", "127.0.0.1:8080", "address to listen on")
	dir, rest := splitName(args)
	if err := fset.Parse(rest); err != nil {
		return err
	}
	if dir == "" {
		return errors.New("usage: lode plugin dev DIR [-addr HOST:PORT] (DIR as `lode plugin new` made it)")
	}
	name, err := devTypeName(dir)
	if err != nil {
		return err
	}
	bin, err := os.MkdirTemp("", "lode-plugin-dev-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bin)
	// The files as they are before the first build: an edit made at any
	// time after, even before the server listens, differs from it and
	// rebuilds. Taken later (it once was, in devWatch), an edit made as
	// the server came up was missed for good.
	built := devSnapshot(dir)
	if err := devBuild(dir, bin, name); err != nil {
		return err
	}
	cfg, err := loadConfig("")
	if err != nil {
		return err
	}
	cfg.PluginDir, cfg.ContentDir, cfg.Addr = bin, filepath.Join(dir, "example"), *addr
	bench := devbench.New(name)
	bench.SetBuild(nil)
	a, err := openApp(ctx, cfg, stderr, func(a *app) { a.dev = bench })
	if err != nil {
		return err
	}
	bench.SetModules(a.catalog.Modules(), problemLines(a.problems))
	if err := a.watch(ctx, func(mods []*learning.Module, problems []module.Problem) {
		bench.SetModules(mods, problemLines(problems))
	}); err != nil {
		return errors.Join(err, a.close(context.WithoutCancel(ctx)))
	}
	a.log.Info("workbench: serving the content type from source; edit its files and reload the page",
		"content_type", name, "url", "http://"+a.addr()+"/_dev", "dir", dir)
	go devWatch(ctx, dir, built, a.log, func() { devRebuild(ctx, a, bench, dir, bin, name) })
	select {
	case <-ctx.Done():
	case err := <-a.served:
		a.served <- err // close reads it again
	}
	bench.Close() // before the shutdown, which waits for open streams to end
	return a.close(context.WithoutCancel(ctx))
}

// devRebuild builds the content type again and restarts its process,
// telling the workbench page how the build went and what the new build's
// Validate says of the example modules.
func devRebuild(ctx context.Context, a *app, bench *devbench.Bench, dir, bin, name string) {
	err := devBuild(dir, bin, name)
	if err == nil {
		err = devRestart(ctx, a.host, name)
	}
	bench.SetBuild(err)
	if err != nil {
		a.log.Error("workbench: the build or restart failed; still serving the last good build", "err", err)
		return
	}
	a.log.Info("workbench: rebuilt and restarted", "content_type", name)
	// Only the page's problems: the watcher swaps the served modules when
	// their files change, and learners keep the last good ones meanwhile.
	if _, problems := module.LoadAll(ctx, a.cfg.ContentDir, a.host); ctx.Err() == nil {
		bench.SetModules(a.catalog.Modules(), problemLines(problems))
	}
}

// devRestartWait is how long a restarted content type may take to be back.
const devRestartWait = 30 * time.Second

// devRestart restarts the content type and waits until its new process
// answers, so that what follows (the log line, validating the examples)
// sees the new build, not the old one or a host saying "unavailable".
func devRestart(ctx context.Context, host *pluginhost.Host, name string) error {
	before := devStatus(host, name)
	if err := host.Restart(name); err != nil {
		return err
	}
	deadline := time.Now().Add(devRestartWait)
	for {
		now := devStatus(host, name)
		if now.Ready && now.PID != before.PID {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the rebuilt content type %s did not start within %v: %s", name, devRestartWait, now.LastError)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond): // polling interval
		}
	}
}

func devStatus(host *pluginhost.Host, name string) pluginhost.Status {
	for _, s := range host.Status() {
		if s.Name == name {
			return s
		}
	}
	return pluginhost.Status{}
}

// problemLines formats module problems as compilers do: file:line:col: message.
func problemLines(problems []module.Problem) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = p.String()
	}
	return out
}

// devTypeName finds the content type's name from DIR/cmd/lode-content-NAME.
func devTypeName(dir string) (string, error) {
	matches, _ := filepath.Glob(filepath.Join(dir, "cmd", externalPrefix+"*"))
	if len(matches) != 1 {
		return "", fmt.Errorf("%s: want exactly one cmd/%sNAME folder, found %d", dir, externalPrefix, len(matches))
	}
	return strings.TrimPrefix(filepath.Base(matches[0]), externalPrefix), nil
}

// devBuild builds the plugin beside the running one and renames it over
// it: a running executable cannot be written, and the host must never
// read half a binary.
func devBuild(dir, bin, name string) error {
	out := filepath.Join(bin, externalPrefix+name)
	cmd := exec.Command("go", "build", "-o", out+".new", "./cmd/"+externalPrefix+name)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, msg)
	}
	return os.Rename(out+".new", out)
}

// devWatch calls changed whenever the files under dir differ from last
// (a devSnapshot), until ctx ends.
func devWatch(ctx context.Context, dir, last string, log *slog.Logger, changed func()) {
	tick := time.NewTicker(devPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if now := devSnapshot(dir); now != last {
			last = now
			log.Info("workbench: files changed; rebuilding", "dir", dir)
			changed()
		}
	}
}

// devSnapshot sums up the files under dir (names, sizes, times) so that
// any save, creation or removal changes it.
func devSnapshot(dir string) string {
	var b strings.Builder
	_ = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if e.IsDir() && strings.HasPrefix(e.Name(), ".") && path != dir {
			return filepath.SkipDir
		}
		if info, err := e.Info(); err == nil && !e.IsDir() {
			fmt.Fprintf(&b, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return b.String()
}
