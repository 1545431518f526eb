package video

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/lode-elearning/lode/sdk/sdkconfig"
)

func TestMergeSegments(t *testing.T) {
	tests := []struct {
		name string
		in   []segment
		want []segment
	}{
		{"empty", nil, nil},
		{"one", []segment{{0, 5}}, []segment{{0, 5}}},
		{"unsorted and overlapping", []segment{{10, 20}, {0, 5}, {3, 8}}, []segment{{0, 8}, {10, 20}}},
		{"touching joins", []segment{{0, 5}, {5, 10}}, []segment{{0, 10}}},
		{"contained", []segment{{0, 30}, {5, 10}}, []segment{{0, 30}}},
		{"same seconds twice", []segment{{0, 10}, {0, 10}}, []segment{{0, 10}}},
		{"empty segments dropped", []segment{{4, 4}, {1, 2}}, []segment{{1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mergeSegments(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mergeSegments(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestMergeSegmentsCap(t *testing.T) {
	var in []segment
	for i := range maxSegments + 1 {
		start := float64(i) * 10
		in = append(in, segment{start, start + 5}) // 5 s watched, 5 s gap
	}
	in[7][1] = 79.5 // the gap after segment 7 is the smallest
	before := watched(mergeSegments(in[:maxSegments]))
	got := mergeSegments(in)
	if len(got) != maxSegments {
		t.Fatalf("kept %d segments, want %d", len(got), maxSegments)
	}
	if got[7] != (segment{70, 85}) {
		t.Errorf("segment 7 = %v, want [70 85]: the smallest gap is joined", got[7])
	}
	if w := watched(got); w <= before {
		t.Errorf("capping took progress away: watched %v, was %v before the last segment", w, before)
	}
}

func TestPlayedSegments(t *testing.T) {
	tests := []struct {
		in   []segment
		want string
	}{
		{nil, ""},
		{[]segment{{0, 5.5}}, "0[.]5.5"},
		{[]segment{{0, 5.5}, {10, 20}}, "0[.]5.5[,]10[.]20"},
		{[]segment{{1.23456, 2.0004}}, "1.235[.]2"},
	}
	for _, tt := range tests {
		if got := playedSegments(tt.in); got != tt.want {
			t.Errorf("playedSegments(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The bound in config.Length's tag, which the published schema states, is
// maxLength, the one events are held to.
func TestLengthTagIsMaxLength(t *testing.T) {
	var schema struct {
		Properties struct {
			Length struct{ Maximum float64 }
		}
	}
	if err := json.Unmarshal(sdkconfig.Schema(config{}), &schema); err != nil {
		t.Fatal(err)
	}
	if schema.Properties.Length.Maximum != maxLength {
		t.Errorf("length's tag says at most %g, maxLength is %d", schema.Properties.Length.Maximum, maxLength)
	}
}
