package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestLoad_PinsFromEnv(t *testing.T) {
	a, b := strings.Repeat("ab", 32), strings.Repeat("CD", 32)
	got, err := Load("", envOf(map[string]string{"LODE_PLUGIN_SHA256": "poll=" + a + ", flash-cards = " + b + ","}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"poll": a, "flash-cards": strings.ToLower(b)}
	if !reflect.DeepEqual(got.PluginSHA256, want) {
		t.Errorf("pins %v, want %v", got.PluginSHA256, want)
	}
}

func TestLoad_PinsFromEnvRefused(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"poll", `LODE_PLUGIN_SHA256: item "poll" must be NAME=VALUE`},
		{"=" + strings.Repeat("a", 64), "must be NAME=VALUE"},
		{"poll=abc", "plugin_sha256.poll: must be a SHA-256 digest"},
	} {
		_, err := Load("", envOf(map[string]string{"LODE_PLUGIN_SHA256": tc.env}))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LODE_PLUGIN_SHA256=%s: err %v, want %q", tc.env, err, tc.want)
		}
	}
}
