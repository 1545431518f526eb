package sdktest_test

import (
	"testing"

	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

func TestReadConfig(t *testing.T) {
	got := string(sdktest.ReadConfig(t, "testdata/config.yaml"))
	if want := `{"items":[{"required":true,"text":"Exits"}],"minutes":10,"title":"Safety"}`; got != want {
		t.Errorf("ReadConfig = %s, want %s", got, want)
	}
}

func TestCheckProblems(t *testing.T) {
	got := []sdk.Problem{
		{Pointer: "/title", Message: "a checklist needs a title"},
		{Pointer: "", Message: "the configuration is not valid JSON"},
	}
	sdktest.CheckProblems(t, got, map[string]string{"": "not valid JSON", "/title": "needs a title"})
	sdktest.CheckProblems(t, nil, nil)
}

func TestRawJSON(t *testing.T) {
	if sdktest.RawJSON("") != nil || string(sdktest.RawJSON(`{"a":1}`)) != `{"a":1}` {
		t.Error(`RawJSON("") must be nil and anything else itself`)
	}
}
