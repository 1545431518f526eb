// Package faulttest gives a test servers of its own to break: a PostgreSQL
// cluster and a Redis server it can restart, and a TCP proxy that cuts
// connections. Restarting the machine's shared servers would disturb every
// other test running at the same time; these belong to one test.
//
// The servers need the binaries of the installed PostgreSQL and Redis.
// Without them a test is skipped, except in CI (CI=true), where it fails.
package faulttest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	_ "github.com/lib/pq" // the "postgres" driver
)

// PostgresCluster is a PostgreSQL cluster in a temporary folder, listening
// on a free loopback port, with trust authentication for user postgres.
type PostgresCluster struct {
	tb   testing.TB
	bin  string // the folder holding initdb, pg_ctl
	dir  string
	Port int
	// URL is the cluster's postgres database; see Database for one of
	// the test's own.
	URL string
}

// StartPostgres creates and starts a cluster, stopped and removed when the
// test ends. Both initdb and pg_ctl refuse to run as root: run by root,
// they run as the postgres user.
func StartPostgres(tb testing.TB) *PostgresCluster {
	tb.Helper()
	bin := postgresBin(tb)
	dir, err := os.MkdirTemp("", "lode-pg-")
	if err != nil {
		tb.Fatal(err)
	}
	c := &PostgresCluster{tb: tb, bin: bin, dir: dir, Port: FreePort(tb)}
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.Port)
	tb.Cleanup(func() {
		_ = c.pgctl("stop", "-m", "immediate")
		os.RemoveAll(dir)
	})
	if err := c.chown(); err != nil {
		tb.Fatal(err)
	}
	if out, err := c.command(filepath.Join(bin, "initdb"), "-D", c.data(), "-U", "postgres",
		"--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		tb.Fatalf("initdb: %v\n%s", err, out)
	}
	c.Start()
	return c
}

func (c *PostgresCluster) data() string { return filepath.Join(c.dir, "data") }

// Start starts the cluster and waits until it accepts connections.
func (c *PostgresCluster) Start() {
	c.tb.Helper()
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k %s -c max_connections=200", c.Port, c.dir)
	if err := c.pgctl("start", "-w", "-t", "120", "-l", filepath.Join(c.dir, "log"), "-o", opts); err != nil {
		c.tb.Fatalf("start PostgreSQL: %v\n%s", err, c.Log())
	}
}

// Restart stops the cluster as `pg_ctl restart -m fast` does (every
// connection is closed, transactions in flight are rolled back) and starts
// it again.
func (c *PostgresCluster) Restart() {
	c.tb.Helper()
	if err := c.pgctl("stop", "-w", "-t", "120", "-m", "fast"); err != nil {
		c.tb.Fatalf("stop PostgreSQL: %v\n%s", err, c.Log())
	}
	c.Start()
}

// Log returns the server's log so far, for a failing test's output.
func (c *PostgresCluster) Log() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "log"))
	return string(b)
}

// Database creates a database on the cluster and returns its URL.
func (c *PostgresCluster) Database(name string) string {
	c.tb.Helper()
	db, err := sql.Open("postgres", c.URL)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		c.tb.Fatalf("create database %s: %v", name, err)
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

// TerminateBackends ends every connection to database name but the
// caller's own, as an operator's pg_terminate_backend does; it returns how
// many it ended.
func (c *PostgresCluster) TerminateBackends(ctx context.Context, name string) (int, error) {
	db, err := sql.Open("postgres", c.URL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = $1 AND pid <> pg_backend_pid()`, name).Scan(&n)
	return n, err
}

func (c *PostgresCluster) pgctl(args ...string) error {
	args = append([]string{"-D", c.data()}, args...)
	out, err := c.command(filepath.Join(c.bin, "pg_ctl"), args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl %v: %w: %s", args, err, out)
	}
	return nil
}

// command runs a PostgreSQL program, as the postgres user when run by root.
func (c *PostgresCluster) command(name string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}

// chown gives the cluster's folder to the postgres user when run by root.
func (c *PostgresCluster) chown() error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root, the cluster needs the postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(c.dir, uid, gid)
}

// postgresBin finds the installed server's programs, the newest version.
func postgresBin(tb testing.TB) string {
	tb.Helper()
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(found) == 0 {
		if p, err := exec.LookPath("pg_ctl"); err == nil {
			found = []string{p}
		}
	}
	if len(found) == 0 {
		SkipOrFail(tb, "no PostgreSQL server programs (initdb, pg_ctl): apt-get install postgresql")
	}
	sort.Strings(found)
	return filepath.Dir(found[len(found)-1])
}

// FreePort returns a loopback port that was free a moment ago.
func FreePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// SkipOrFail skips the test, or fails it in CI (CI=true), where a test
// must not pass by testing nothing.
func SkipOrFail(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf(format, args...)
	}
	tb.Skipf(format, args...)
}

// WaitFor polls cond every few milliseconds until it holds, failing the
// test after within: a deadline on the behaviour waited for, generous
// enough for a busy machine.
func WaitFor(tb testing.TB, within time.Duration, what string, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(within); !cond(); {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not a wait for an event
	}
}
