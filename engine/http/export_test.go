package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// exported is what a test reads of the export file.
type exported struct {
	Profile struct {
		ID, Name, Email string
		CreatedAt       string   `json:"created_at"`
		EarlierIDs      []string `json:"earlier_ids"`
	}
	Registrations []struct {
		ID, Module     string
		StartedVersion string `json:"started_version"`
		Objects        []struct {
			Object    string
			Completed bool
			State     json.RawMessage
		}
	}
	Statements []struct {
		ID    string
		Actor struct {
			Name    string
			Account struct{ Name string }
		}
	}
}

// TestExport: a patron may download everything Lode holds about them.
func TestExport(t *testing.T) {
	e := mustServe(t)
	b := e.browser(t)
	doc := b.page(t, "/profile")
	if doc.Find(`main a[href="/profile/export"][download]`).Length() != 1 {
		t.Error("/profile has no download link to /profile/export")
	}
	resp, _ := b.postForm(t, "/profile", url.Values{"csrf_token": {csrfToken(t, doc)}, "name": {"Ada Reader"}, "email": {"ada@library.org"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the profile: status %d", resp.StatusCode)
	}
	b.ping(t, "/modules/m1/objects/intro")
	b.ping(t, "/modules/m1/objects/intro")
	learnerID, _, _ := strings.Cut(learnerCookie(t, b, e.URL), ".")

	resp, err := b.Get(e.URL + "/profile/export")
	must(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	must(t, err)
	t.Run("Headers", func(t *testing.T) {
		h := resp.Header
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Fatalf("status %d, Content-Type %q", resp.StatusCode, h.Get("Content-Type"))
		}
		if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || h.Get("Cache-Control") != "no-store" {
			t.Errorf("Content-Disposition %q, Cache-Control %q: want an attachment, never stored", h.Get("Content-Disposition"), h.Get("Cache-Control"))
		}
	})
	var got exported
	must(t, json.Unmarshal(raw, &got))
	t.Run("Profile", func(t *testing.T) {
		p := got.Profile
		if p.ID != learnerID || p.Name != "Ada Reader" || p.Email != "ada@library.org" || p.CreatedAt == "" {
			t.Errorf("profile %+v", p)
		}
	})
	t.Run("Registrations", func(t *testing.T) {
		if len(got.Registrations) != 1 || got.Registrations[0].Module != "m1" || got.Registrations[0].StartedVersion != "1.0.0" {
			t.Fatalf("registrations %+v, want one for m1, started in version 1.0.0", got.Registrations)
		}
		objs := got.Registrations[0].Objects
		if len(objs) != 1 || objs[0].Object != "intro" || !objs[0].Completed || !strings.Contains(strings.Join(strings.Fields(string(objs[0].State)), ""), `"Count":2`) {
			t.Errorf("object states %+v, want intro completed with its state", objs)
		}
	})
	t.Run("Statements", func(t *testing.T) {
		if len(got.Statements) < 4 { // two pings, each interacted and completed
			t.Fatalf("%d statements, want the 4 of two pings or more", len(got.Statements))
		}
		for _, st := range got.Statements {
			if st.Actor.Account.Name != learnerID {
				t.Errorf("statement %s is about %q, not the learner", st.ID, st.Actor.Account.Name)
			}
		}
	})
	t.Run("OnlyTheirs", func(t *testing.T) {
		other := e.browser(t)
		var theirs exported
		resp, err := other.Get(e.URL + "/profile/export")
		must(t, err)
		defer resp.Body.Close()
		must(t, json.NewDecoder(resp.Body).Decode(&theirs))
		if theirs.Profile.ID == learnerID || len(theirs.Statements) != 0 || len(theirs.Registrations) != 0 {
			t.Errorf("a new visitor's export holds %+v", theirs)
		}
	})
}

// TestExportAfterSignIn: what a learner did before signing in to their
// account on another device is theirs, under the anonymous id it was done
// as, and is in their export.
func TestExportAfterSignIn(t *testing.T) {
	e := mustServe(t)
	first := e.browser(t)
	first.ping(t, "/modules/m1/objects/intro")
	e.useLink(t, first, e.askLink(t, first, "ada@library.org", 1), false)
	accountID, _, _ := strings.Cut(learnerCookie(t, first, e.URL), ".")

	second := e.browser(t)
	second.ping(t, "/modules/m1/objects/practice") // anonymous on this device
	anonID, _, _ := strings.Cut(learnerCookie(t, second, e.URL), ".")
	e.useLink(t, second, e.askLink(t, second, "ada@library.org", 2), false)

	resp, err := second.Get(e.URL + "/profile/export")
	must(t, err)
	defer resp.Body.Close()
	var got exported
	must(t, json.NewDecoder(resp.Body).Decode(&got))
	if got.Profile.ID != accountID || len(got.Profile.EarlierIDs) != 1 || got.Profile.EarlierIDs[0] != anonID {
		t.Fatalf("profile %+v, want account %s with earlier id %s", got.Profile, accountID, anonID)
	}
	byActor := map[string]int{}
	for _, st := range got.Statements {
		byActor[st.Actor.Account.Name]++
	}
	if byActor[accountID] == 0 || byActor[anonID] == 0 || len(byActor) != 2 {
		t.Errorf("statements by actor %v, want both the account's and those made before signing in", byActor)
	}
}
