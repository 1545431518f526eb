package main

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/lode-elearning/lode/engine/admin"
)

// TestServeMountsTheAPI: lode serve answers /api/v1 with a token made as
// `lode admin token create` makes one, over the sample content.
func TestServeMountsTheAPI(t *testing.T) {
	srv := mustServe(t)
	_, token, err := (&admin.Admins{Store: srv.app.store.admins}).CreateToken(t.Context(), admin.CLI, "serve test", 1)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/api/v1/modules", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Modules []struct{ ID string } `json:"modules"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK || len(body.Modules) == 0 {
		t.Fatalf("GET /api/v1/modules: status %d, %v, %+v: want the sample modules", resp.StatusCode, err, body)
	}
}
