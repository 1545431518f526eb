package main

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// soakCrawled is what a crawler asks for, without cookies: pages, module
// files, and addresses that do not exist. Each answer expected is listed;
// a redirect is not followed.
var soakCrawled = []struct {
	path   string
	status []int
}{
	{"/", []int{http.StatusOK}},
	{soakModule, []int{http.StatusOK, http.StatusFound, http.StatusSeeOther}},
	{soakModule + "/objects/welcome", []int{http.StatusOK}},
	{soakModule + "/objects/media-check", []int{http.StatusOK}},
	{soakModule + "/objects/interview", []int{http.StatusOK}},
	{soakModule + "/objects/first-shift", []int{http.StatusOK}},
	{soakModule + "/objects/check", []int{http.StatusOK}},
	{soakModule + "/objects/have-your-say", []int{http.StatusOK}},
	{soakModule + "/media/images/desk.svg", []int{http.StatusOK}},
	{soakModule + "/media/media/check.webm", []int{http.StatusOK}},
	{soakModule + "/media/media/check.en.vtt", []int{http.StatusOK}},
	{"/robots.txt", []int{http.StatusNotFound}},
	{"/wp-login.php", []int{http.StatusNotFound}},
	{"/modules/no-such-module", []int{http.StatusNotFound}},
	{soakModule + "/objects/no-such-object", []int{http.StatusNotFound}},
	{soakModule + "/media/module.yaml", []int{http.StatusNotFound}},
	{soakModule + "/media/no-such-file.png", []int{http.StatusNotFound}},
}

// crawlClient keeps no cookies and follows no redirect.
var crawlClient = &http.Client{
	Timeout:       time.Minute,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// crawl sends a burst of crawlRequests cookie-less GETs at the start of
// every period until ctx ends.
func (l *soakLoad) crawl(ctx context.Context, every time.Duration) {
	paced(ctx, every, func() { l.crawlBurst(ctx) })
}

// crawlBurst runs crawlers side by side, each at its pace, until they have
// sent crawlRequests GETs together.
func (l *soakLoad) crawlBurst(ctx context.Context) {
	var wg sync.WaitGroup
	for c := range crawlers {
		wg.Go(func() {
			tick := time.NewTicker(crawlEach)
			defer tick.Stop()
			for i := c; i < crawlRequests; i += crawlers {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
					e := soakCrawled[i%len(soakCrawled)]
					l.crawlOne(e.path, e.status)
				}
			}
		})
	}
	wg.Wait()
}

func (l *soakLoad) crawlOne(path string, want []int) {
	resp, err := crawlClient.Get(l.srv.URL + path)
	if err != nil {
		l.note("crawler", 0, err, false, "")
		return
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	l.note("crawler", resp.StatusCode, err, slices.Contains(want, resp.StatusCode), "GET "+path)
}
