package http_test

import (
	"strings"
	"testing"

	lodehttp "github.com/lode-elearning/lode/engine/http"
	"github.com/lode-elearning/lode/engine/http/web"
)

func TestNew(t *testing.T) {
	t.Run("ShortKey", func(t *testing.T) {
		_, err := web.New(web.Config{SigningKey: []byte("short")})
		if err == nil || !strings.Contains(err.Error(), "at least 32") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("MountWithoutServices", func(t *testing.T) {
		w, err := web.New(web.Config{SigningKey: testSigningKey})
		must(t, err)
		if err := lodehttp.New(lodehttp.Config{}).Mount(w); err == nil || !strings.Contains(err.Error(), "Delivery") {
			t.Errorf("err %v, want one naming the missing service", err)
		}
	})
}
