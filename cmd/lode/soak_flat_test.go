package main

import (
	"slices"
	"testing"
	"time"
)

// checkFlat compares the end of the run with the warm-up mark. Each side
// is the lowest of three samples under load (the mark and the two after
// it; the last three before the load stopped): one sample catches a
// garbage collection or a burst of requests in flight at any height, the
// floor of three is what the server keeps.
//
// Tolerances: goroutines +10% or +20, whichever is more; file descriptors
// +10; Go heap in use, RSS and the plugins' RSS +25%; the database pool's
// open connections no more than its size allows anyway, so not checked.
func checkFlat(t *testing.T, samples []soakSample) {
	t.Helper()
	var loaded []soakSample // every sample taken under load
	for _, s := range samples {
		if s.label != "start" && s.label != "idle" {
			loaded = append(loaded, s)
		}
	}
	i := slices.IndexFunc(loaded, func(s soakSample) bool { return s.label == "mark" })
	if i < 0 {
		t.Errorf("no sample after the warm-up mark")
		return
	}
	if len(loaded)-i < 6 {
		t.Errorf("too few samples after the warm-up mark (%d) to judge flatness", len(loaded)-i)
		return
	}
	mark, end := floor(loaded[i:i+3]), floor(loaded[len(loaded)-3:])
	t.Logf("flatness: warm-up mark (floor of the samples at %v..%v) against the end (floor of the last three)",
		loaded[i].at.Round(time.Second), loaded[i+2].at.Round(time.Second))
	within := func(what string, base, got, limit int64) {
		verdict := "flat"
		if got > limit {
			verdict = "GROWN"
			t.Errorf("%s grew from %d at the warm-up mark to %d at the end, beyond %d", what, base, got, limit)
		}
		t.Logf("  %-22s mark %12d  end %12d  limit %12d  %s", what, base, got, limit, verdict)
	}
	within("goroutines", mark.goroutines, end.goroutines, max(mark.goroutines*110/100, mark.goroutines+20))
	within("file descriptors", mark.fds, end.fds, mark.fds+10)
	within("Go heap in use (bytes)", mark.heapBytes, end.heapBytes, mark.heapBytes*125/100)
	within("RSS (KB)", mark.rssKB, end.rssKB, mark.rssKB*125/100)
	within("plugins' RSS (KB)", mark.pluginKB, end.pluginKB, mark.pluginKB*125/100)
	within("plugin processes", int64(mark.plugins), int64(end.plugins), int64(mark.plugins))
}

// floor is the lowest reading of each figure over the samples.
func floor(samples []soakSample) soakSample {
	f := samples[0]
	for _, s := range samples[1:] {
		f.rssKB = min(f.rssKB, s.rssKB)
		f.heapBytes = min(f.heapBytes, s.heapBytes)
		f.goroutines = min(f.goroutines, s.goroutines)
		f.fds = min(f.fds, s.fds)
		f.pluginKB = min(f.pluginKB, s.pluginKB)
		f.plugins = min(f.plugins, s.plugins)
	}
	return f
}
