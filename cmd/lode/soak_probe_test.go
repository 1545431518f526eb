package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// soakSample is what the probe read of the server at one moment. A figure
// that could not be read (PostgreSQL restarting) is -1.
type soakSample struct {
	label      string
	at         time.Duration
	rssKB      int64 // the lode process, from /proc
	heapBytes  int64 // go_memstats_heap_inuse_bytes
	goroutines int64
	fds        int64            // entries of /proc/PID/fd
	poolOpen   int64            // the database pool's open connections
	backends   int64            // connections PostgreSQL holds for the soak database
	plugins    int              // plugin processes, children of lode
	pluginKB   int64            // their RSS, summed
	pluginKBs  map[string]int64 // each plugin's RSS, by content type
	learners   int64
	sessions   int64 // lode:session:* keys in Redis
	redisKeys  int64
	requests   int // answered so far, all clients
	failures   int // 5xx and transport errors so far
}

// soakProbe reads a sample from the running lode, its children, the
// database and Redis.
type soakProbe struct {
	t     *testing.T
	p     *lodeProcess
	db    *sql.DB
	redis *goredis.Client
}

func newSoakProbe(t *testing.T, p *lodeProcess, dbURL, redisURL string) *soakProbe {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	opt, err := goredis.ParseURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	pr := &soakProbe{t: t, p: p, db: db, redis: goredis.NewClient(opt)}
	t.Cleanup(func() { db.Close(); pr.redis.Close() })
	return pr
}

func (pr *soakProbe) sample(label string, at time.Duration) soakSample {
	pid := pr.p.cmd.Process.Pid
	s := soakSample{label: label, at: at, rssKB: rssKB(pid), fds: countFDs(pid)}
	m := pr.metrics()
	s.heapBytes = int64(m["go_memstats_heap_inuse_bytes"])
	s.goroutines = int64(m["go_goroutines"])
	s.poolOpen = int64(m[`lode_pool_connections{pool="database:postgres",state="idle"}`] +
		m[`lode_pool_connections{pool="database:postgres",state="in_use"}`])
	s.pluginKBs = map[string]int64{}
	for name, child := range pr.p.plugins(pr.t) {
		s.pluginKBs[name] = rssKB(child)
		s.plugins++
		s.pluginKB += s.pluginKBs[name]
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.learners = pr.count(ctx, `SELECT count(*) FROM learners`)
	s.backends = pr.count(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	s.sessions, s.redisKeys = pr.redisCounts(ctx)
	return s
}

// metrics scrapes /metrics into name{labels} → value.
func (pr *soakProbe) metrics() map[string]float64 {
	out := map[string]float64{}
	req, _ := http.NewRequest(http.MethodGet, pr.p.url+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+soakOpsToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		pr.t.Logf("soak probe: GET /metrics: %v", err)
		return out
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		pr.t.Errorf("soak probe: GET /metrics answered %d", resp.StatusCode)
		return out
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if v, err := strconv.ParseFloat(line[i+1:], 64); i > 0 && err == nil {
			out[line[:i]] = v
		}
	}
	return out
}

func (pr *soakProbe) count(ctx context.Context, query string) int64 {
	var n int64
	if err := pr.db.QueryRowContext(ctx, query).Scan(&n); err != nil {
		return -1
	}
	return n
}

// redisCounts counts the session keys and all keys.
func (pr *soakProbe) redisCounts(ctx context.Context) (sessions, keys int64) {
	keys, err := pr.redis.DBSize(ctx).Result()
	if err != nil {
		return -1, -1
	}
	iter := pr.redis.Scan(ctx, 0, "lode:session:*", 1000).Iterator()
	for iter.Next(ctx) {
		sessions++
	}
	if iter.Err() != nil {
		return -1, keys
	}
	return sessions, keys
}

// rssKB reads a process's resident set from /proc/PID/status.
func rssKB(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			n, _ := strconv.ParseInt(f[0], 10, 64)
			return n
		}
	}
	return -1
}

func countFDs(pid int) int64 {
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return -1
	}
	return int64(len(entries))
}

// soakTable prints the samples as a Markdown table, one a line.
func soakTable(samples []soakSample) string {
	var b strings.Builder
	b.WriteString(soakHeader)
	for _, s := range samples {
		b.WriteString(s.row())
	}
	return b.String()
}

const soakHeader = "| mark | elapsed | RSS MB | heap MB | goroutines | fds | pool | backends | plugins (MB) | learners | sessions | redis keys | requests | 5xx+transport |\n" +
	"|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"

func (s soakSample) row() string {
	return fmt.Sprintf("| %s | %s | %.1f | %.1f | %d | %d | %d | %d | %d (%.1f) | %d | %d | %d | %d | %d |\n",
		s.label, s.at.Round(time.Second), mb(s.rssKB*1024), mb(s.heapBytes), s.goroutines, s.fds, s.poolOpen,
		s.backends, s.plugins, mb(s.pluginKB*1024), s.learners, s.sessions, s.redisKeys, s.requests, s.failures)
}

func mb(bytes int64) float64 { return float64(bytes) / (1 << 20) }
