package http_test

import (
	"net"
	"strings"
	"testing"

	lodehttp "github.com/lode-elearning/lode/engine/http"
)

func TestNew(t *testing.T) {
	t.Run("ShortKey", func(t *testing.T) {
		_, err := lodehttp.New(lodehttp.Config{SigningKey: []byte("short")})
		if err == nil || !strings.Contains(err.Error(), "at least 32") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("ServeWithoutServices", func(t *testing.T) {
		s, err := lodehttp.New(lodehttp.Config{SigningKey: testSigningKey})
		must(t, err)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		must(t, err)
		defer ln.Close()
		if err := s.Serve(ln); err == nil || !strings.Contains(err.Error(), "Delivery") {
			t.Errorf("err %v, want one naming the missing service", err)
		}
	})
}
