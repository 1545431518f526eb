package xapi_test

import (
	"errors"
	"testing"
	"time"

	"github.com/lode-elearning/lode/sdk/xapi"
)

func TestParseVersionHeader(t *testing.T) {
	tests := []struct {
		h    string
		want xapi.Version
	}{
		{"1.0.3", xapi.V103}, {"1.0", xapi.V103}, {"1.0.0", xapi.V103}, {"1.0.1", xapi.V103}, {"1.0.2", xapi.V103},
		{"1.0.9", xapi.V103}, {" 1.0.3 ", xapi.V103},
		{"2.0.0", xapi.V200}, {"2.0", xapi.V200}, {"2.0.1", xapi.V200},
		{"", ""}, {"0.95", ""}, {"0.9", ""}, {"1.1.0", ""}, {"1.0.x", ""}, {"1", ""}, {"2.1.0", ""}, {"3.0.0", ""}, {"1.0.3.1", ""}, {"1.0.", ""},
	}
	for _, tt := range tests {
		got, err := xapi.ParseVersionHeader(tt.h)
		if got != tt.want {
			t.Errorf("ParseVersionHeader(%q) = %q, %v; want %q", tt.h, got, err, tt.want)
		}
		var ve *xapi.ValidationError
		if tt.want == "" && (!errors.As(err, &ve) || ve.Property != xapi.VersionHeader) {
			t.Errorf("ParseVersionHeader(%q) error = %v, want one naming %s", tt.h, err, xapi.VersionHeader)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		in       string
		versions []xapi.Version
		want     string // RFC 3339 in UTC; "" for an error
	}{
		{"2008-09-15T15:53:00.601Z", both, "2008-09-15T15:53:00.601Z"},
		{"2008-09-15t15:53:00z", both, "2008-09-15T15:53:00Z"},
		{"2008-09-15T15:53:00.601+00:00", both, "2008-09-15T15:53:00.601Z"},
		{"2023-05-04T12:00:00-05:00", both, "2023-05-04T17:00:00Z"},
		{"2023-05-04T12:00:00.123456789123+05:30", both, "2023-05-04T06:30:00.123456789Z"},
		{"2016-12-31T23:59:60Z", both, "2017-01-01T00:00:00Z"},
		{"2024-02-29T00:00:00Z", both, "2024-02-29T00:00:00Z"},
		{"2008-09-15T15:53:00.601-00:00", both, ""},
		{"2008-09-15T15:53:00.601-0000", both, ""},
		{"2008-09-15T15:53:00.601-00", both, ""},
		{"2023-02-29T00:00:00Z", both, ""},
		{"2023-13-01T00:00:00Z", both, ""},
		{"2023-01-01T24:00:00Z", both, ""},
		{"2023-01-01T10:00:00+24:00", both, ""},
		{"2023-01-01T10:00:00.Z", both, ""},
		{"2023-01-01", both, ""},
		{"2023-01-01T10:00:00Zjunk", both, ""},
		{"9999-12-31T23:00:00-02:00", both, ""}, // beyond year 9999 in UTC
		{"01/011/2015", both, ""},
		{"", both, ""},
		{"2023-01-01T10:00:00", []xapi.Version{xapi.V103}, "2023-01-01T10:00:00Z"},
		{"2023-01-01T10:00", []xapi.Version{xapi.V103}, "2023-01-01T10:00:00Z"},
		{"2023-01-01T10:00:00,5+01", []xapi.Version{xapi.V103}, "2023-01-01T09:00:00.5Z"},
		{"20230101T100000.25+0100", []xapi.Version{xapi.V103}, "2023-01-01T09:00:00.25Z"},
		{"20230101T1000Z", []xapi.Version{xapi.V103}, "2023-01-01T10:00:00Z"},
		{"2023-01-01T10:00:00", []xapi.Version{xapi.V200}, ""},
		{"2023-01-01T10:00Z", []xapi.Version{xapi.V200}, ""},
		{"2023-01-01T10:00:00,5Z", []xapi.Version{xapi.V200}, ""},
		{"2023-01-01T10:00:00+0100", []xapi.Version{xapi.V200}, ""},
		{"2023-01-01T10:00:00+01", []xapi.Version{xapi.V200}, ""},
		{"20230101T100000Z", []xapi.Version{xapi.V200}, ""},
	}
	for _, tt := range tests {
		for _, v := range tt.versions {
			got, err := xapi.ParseTimestamp(tt.in, v)
			if tt.want == "" {
				if err == nil {
					t.Errorf("%s: ParseTimestamp(%q) = %v, want an error", v, tt.in, got)
				}
				continue
			}
			if err != nil || !got.Equal(utc(tt.want)) || got.Location() != time.UTC {
				t.Errorf("%s: ParseTimestamp(%q) = %v, %v; want %s in UTC", v, tt.in, got, err, tt.want)
			}
		}
	}
}

func TestIsLanguageTag(t *testing.T) {
	good := []string{"en", "en-US", "EN-us", "zh-Hant-TW", "sr-Latn-RS", "es-419", "de-CH-1996", "sl-rozaj-biske",
		"en-US-u-islamcal", "x-whatever", "i-klingon", "zh-min-nan", "en-a-bbb-x-a-ccc", "hy-Latn-IT-arevela", "qaa-Qaaa-QM-x-southern", "ast", "yue-Hant"}
	bad := []string{"", "a12345678", "en_US", "english-language-tag-", "-en", "en--US", "e", "x", "en-a", "en-a-bb-a-cc", "en-x", "123", "something", "en-something-AU", "en-US-"}
	for _, s := range good {
		if !xapi.IsLanguageTag(s) {
			t.Errorf("IsLanguageTag(%q) = false", s)
		}
	}
	for _, s := range bad {
		if xapi.IsLanguageTag(s) {
			t.Errorf("IsLanguageTag(%q) = true", s)
		}
	}
}

func TestIsIRI(t *testing.T) {
	good := []string{"http://adlnet.gov/expapi/verbs/answered", "https://例え.jp/パス", "urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
		"mailto:a@b.example", "tag:lode.example,2026:x", "http://x.example/a%20b", "http://example.com/path/../x"}
	bad := []string{"", "adlnet.gov/verbs", "ab=c://should.fail.com", "http://x.example/a b", "http://x.example/<x>", "http:", "1http://x", "http://x.example/%zz", "http://x.example/\x01"}
	for _, s := range good {
		if !xapi.IsIRI(s) {
			t.Errorf("IsIRI(%q) = false", s)
		}
	}
	for _, s := range bad {
		if xapi.IsIRI(s) {
			t.Errorf("IsIRI(%q) = true", s)
		}
	}
}

func TestParseAgent(t *testing.T) {
	tests := []struct {
		name, json, wantIFI string
	}{
		{"mbox", `{"mbox":"mailto:a@b.example"}`, "mbox::mailto:a@b.example"},
		{"objectType Agent", `{"objectType":"Agent","account":{"homePage":"https://lode.example","name":"42"}}`, "account::https://lode.example|42"},
		{"identified group", `{"objectType":"Group","openid":"https://g.example","member":[{"mbox":"mailto:a@b.example"}]}`, "openid::https://g.example"},
		{"sha1", `{"mbox_sha1sum":"ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}`, "mbox_sha1sum::ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
		{"not JSON", `mailto:a@b.example`, ""},
		{"no IFI", `{"name":"Ada"}`, ""},
		{"two IFIs", `{"mbox":"mailto:a@b.example","openid":"https://a.example"}`, ""},
		{"bad mbox", `{"mbox":"a@b.example"}`, ""},
		{"anonymous group", `{"objectType":"Group","member":[{"mbox":"mailto:a@b.example"}]}`, ""},
		{"unknown property", `{"mbox":"mailto:a@b.example","id":"x"}`, ""},
		{"an array", `[{"mbox":"mailto:a@b.example"}]`, ""},
		{"objectType Person", `{"objectType":"Person","mbox":"mailto:a@b.example"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := xapi.ParseAgent([]byte(tt.json), xapi.V103)
			if tt.wantIFI == "" {
				var ve *xapi.ValidationError
				if !errors.As(err, &ve) || ve.Property[:5] != "agent" {
					t.Fatalf("ParseAgent = %+v, %v; want a *ValidationError on agent", a, err)
				}
				return
			}
			if err != nil || a.IFI() != tt.wantIFI {
				t.Fatalf("ParseAgent = %+v, %v; want IFI %s", a, err, tt.wantIFI)
			}
		})
	}
}

func TestStatementVersion(t *testing.T) {
	if got := xapi.V103.StatementVersion(); got != "1.0.0" {
		t.Errorf("V103.StatementVersion() = %q, want 1.0.0", got)
	}
	if got := xapi.V200.StatementVersion(); got != "2.0.0" {
		t.Errorf("V200.StatementVersion() = %q, want 2.0.0", got)
	}
}
