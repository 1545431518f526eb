package config

import (
	"strings"
	"testing"
)

func TestValidate_EmbedKeys(t *testing.T) {
	for _, tt := range []struct {
		name, secret, public, want string
	}{
		{"None", "", "", ""},
		{"Good", strings.Repeat("s", 32), "PMl58VaJ4Sivw0Qn95NGESSO2IZnSLAz4RZl0D1UPZs=", ""},
		{"RawURLKey", "", "PMl58VaJ4Sivw0Qn95NGESSO2IZnSLAz4RZl0D1UPZs", ""},
		{"ShortSecret", "short", "", "embed_secret (LODE_EMBED_SECRET): must be at least 32 characters"},
		{"BadKey", "", "bm90IGEga2V5", "embed_public_key (LODE_EMBED_PUBLIC_KEY): must be an Ed25519 public key of 32 bytes in base64"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.EmbedSecret, c.EmbedPublicKey = tt.secret, tt.public
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v", err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want %q", err, tt.want)
			case tt.secret != "" && err != nil && strings.Contains(err.Error(), tt.secret):
				t.Errorf("the message repeats the secret: %v", err)
			}
		})
	}
}
