package pluginhost_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine/pluginhost"
	"github.com/lode-elearning/lode/sdk"
)

// callCounter counts the calls that reached a plugin process.
type callCounter struct {
	mu    sync.Mutex
	calls map[string]int
}

func (c *callCounter) PluginCall(_, method string, _ time.Duration, _ error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[method]++
}

func (c *callCounter) PluginRestart(string) {}

func (c *callCounter) renders() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls["Render"]
}

// MustRender renders req and returns how many Render calls reached the
// process for it (0: it came from the cache).
func MustRender(t *testing.T, h *pluginhost.Host, c *callCounter, req sdk.RenderRequest) (*sdk.RenderResponse, int) {
	t.Helper()
	before := c.renders()
	r, err := h.Render(context.Background(), "echo", &req)
	if err != nil {
		t.Fatal(err)
	}
	return r, c.renders() - before
}

func TestRenderCache(t *testing.T) {
	calls := &callCounter{}
	h := MustStart(t, pluginhost.Config{Observer: calls})
	base := sdk.RenderRequest{Object: obj, State: json.RawMessage(`{"Count":1}`), Locale: "en", Registration: "r1"}

	first, n := MustRender(t, h, calls, base)
	if n != 1 {
		t.Fatalf("first render made %d calls, want 1", n)
	}
	t.Run("RepeatMakesNoCall", func(t *testing.T) {
		again, n := MustRender(t, h, calls, base)
		if n != 0 || again.HTML != first.HTML || string(again.ClientState) != string(first.ClientState) {
			t.Fatalf("repeat: %d calls, %+v; want 0 and %+v", n, again, first)
		}
	})
	t.Run("CallerCannotSpoilTheCache", func(t *testing.T) {
		r, _ := MustRender(t, h, calls, base)
		r.Assets[0] = "changed"
		r.ClientState[0] = 'x'
		again, _ := MustRender(t, h, calls, base)
		if again.Assets[0] != "echo.css" || string(again.ClientState) != `{"Count":1}` {
			t.Fatalf("cached render changed by a caller: %+v", again)
		}
	})
	changed := map[string]func(r *sdk.RenderRequest){
		"State":        func(r *sdk.RenderRequest) { r.State = json.RawMessage(`{"Count":2}`) },
		"Locale":       func(r *sdk.RenderRequest) { r.Locale = "fr" },
		"Config":       func(r *sdk.RenderRequest) { r.Object.Config = json.RawMessage(`{"a":1}`) },
		"Registration": func(r *sdk.RenderRequest) { r.Registration = "r2" },
		"Title":        func(r *sdk.RenderRequest) { r.Object.Title = "Two" },
		"Version":      func(r *sdk.RenderRequest) { r.Object.ConfigVersion = 1 },
		// The same bytes moved from one field to the next are another request.
		"Shifted": func(r *sdk.RenderRequest) { r.Locale, r.Registration = "enr", "1" },
	}
	for name, change := range changed {
		t.Run("Changed"+name+"Misses", func(t *testing.T) {
			req := base
			change(&req)
			if _, n := MustRender(t, h, calls, req); n != 1 {
				t.Fatalf("%d calls, want 1", n)
			}
		})
	}
	t.Run("RestartInvalidates", func(t *testing.T) {
		pid := h.Status()[0].PID
		if err := h.Restart("echo"); err != nil {
			t.Fatal(err)
		}
		waitReady(t, h, pid)
		if _, n := MustRender(t, h, calls, base); n != 1 {
			t.Fatalf("after restart: %d calls, want 1", n)
		}
		if _, n := MustRender(t, h, calls, base); n != 0 {
			t.Fatalf("second after restart: %d calls, want 0", n)
		}
	})
}

func TestRenderCacheOff(t *testing.T) {
	for name, setup := range map[string]func(t *testing.T) pluginhost.Config{
		"VolatileRender": func(t *testing.T) pluginhost.Config {
			t.Setenv("TESTPLUGIN_VOLATILE", "1")
			return pluginhost.Config{}
		},
		"Configured": func(t *testing.T) pluginhost.Config { return pluginhost.Config{RenderCacheBytes: -1} },
	} {
		t.Run(name, func(t *testing.T) {
			calls := &callCounter{}
			cfg := setup(t)
			cfg.Observer = calls
			h := MustStart(t, cfg)
			for i := range 2 {
				if _, n := MustRender(t, h, calls, sdk.RenderRequest{Object: obj}); n != 1 {
					t.Fatalf("render %d: %d calls, want 1 each time", i, n)
				}
			}
		})
	}
}

func TestRenderCacheIsBounded(t *testing.T) {
	calls := &callCounter{}
	// Each echo render is about 400 bytes with its overhead: 4 KiB holds
	// about ten.
	h := MustStart(t, pluginhost.Config{Observer: calls, RenderCacheBytes: 4 << 10})
	req := func(i int) sdk.RenderRequest {
		return sdk.RenderRequest{Object: obj, State: json.RawMessage(`{"Count":` + string(rune('0'+i%10)) + `}`), Registration: string(rune('a' + i))}
	}
	for i := range 20 {
		MustRender(t, h, calls, req(i))
	}
	if _, n := MustRender(t, h, calls, req(19)); n != 0 {
		t.Errorf("the most recent render was evicted")
	}
	if _, n := MustRender(t, h, calls, req(0)); n != 1 {
		t.Errorf("the oldest of 20 renders is still cached in 4 KiB")
	}
}

func TestRenderCacheConcurrent(t *testing.T) {
	calls := &callCounter{}
	h := MustStart(t, pluginhost.Config{Observer: calls, RenderCacheBytes: 2 << 10})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				st := json.RawMessage(`{"Count":` + string(rune('0'+(g+i)%10)) + `}`)
				r, err := h.Render(context.Background(), "echo", &sdk.RenderRequest{Object: obj, State: st})
				if err != nil || r.HTML != "<p>One: "+string(st)+`</p><form data-lode-event="ping"><button>Ping</button></form>` {
					t.Errorf("render %s: %+v, %v", st, r, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestHandleViewIsCached(t *testing.T) {
	calls := &callCounter{}
	h := MustStart(t, pluginhost.Config{Observer: calls})
	r, err := h.Handle(context.Background(), "echo", &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "ping"}, Locale: "en", Registration: "r1", Render: true})
	if err != nil || r.View == nil {
		t.Fatalf("handle: %+v, %v", r, err)
	}
	// The page load that follows renders the new state: no call.
	got, n := MustRender(t, h, calls, sdk.RenderRequest{Object: obj, State: r.State, Locale: "en", Registration: "r1"})
	if n != 0 || got.HTML != r.View.HTML {
		t.Fatalf("render of the new state: %d calls, %q; want 0 and the Handle's view %q", n, got.HTML, r.View.HTML)
	}
}
