package faulttest

import (
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// RedisServer is a redis-server process of the test's own, on a free
// loopback port, keeping nothing on disk: a restart loses every key, as a
// Redis restarted without persistence does.
type RedisServer struct {
	tb   testing.TB
	bin  string
	Port int
	URL  string
	cmd  *exec.Cmd
}

// StartRedis starts a server, stopped when the test ends.
func StartRedis(tb testing.TB) *RedisServer {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		SkipOrFail(tb, "no redis-server: apt-get install redis-server")
	}
	r := &RedisServer{tb: tb, bin: bin, Port: FreePort(tb)}
	r.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", r.Port)
	tb.Cleanup(r.stop)
	r.Start()
	return r
}

// Start starts the server and waits until it answers.
func (r *RedisServer) Start() {
	r.tb.Helper()
	r.cmd = exec.Command(r.bin, "--port", strconv.Itoa(r.Port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
	if err := r.cmd.Start(); err != nil {
		r.tb.Fatalf("start redis-server: %v", err)
	}
	WaitFor(r.tb, 30*time.Second, "redis-server to accept connections", func() bool {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", r.Port))
		if err != nil {
			return false
		}
		c.Close()
		return true
	})
}

// Restart kills the server and starts a new, empty one on the same port.
func (r *RedisServer) Restart() {
	r.tb.Helper()
	r.stop()
	r.Start()
}

func (r *RedisServer) stop() {
	if r.cmd != nil && r.cmd.Process != nil {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
		r.cmd = nil
	}
}
