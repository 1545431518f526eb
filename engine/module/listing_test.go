package module

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// listingModule is a module.yaml whose catalog fields are extra.
func listingModule(extra string) string {
	return `id: m
title: M
version: 0.1.0
` + extra + `objects:
  - id: a
    type: page
    title: A
    config: {estimated_minutes: 4}
  - id: b
    type: page
    title: B
    config: {estimated_minutes: 7.5}
  - id: c
    type: quiz
    title: C
`
}

func TestLoad_Listing(t *testing.T) {
	t.Run("AllFields", func(t *testing.T) {
		dir := writeModule(t, map[string]string{
			"module.yaml": listingModule(`topics: [Privacy, reference interview, Café]
estimated_minutes: 25
cover: ./images/cover.svg
cover_alt: A patron at the reference desk
attribution: Adapted from [ALA](https://www.ala.org/) by *Springfield PL*
`),
			"images/cover.svg": "<svg/>",
			"images/other.png": "not named",
		})
		m := MustLoad(t, dir, nil)
		if !slices.Equal(m.Topics, []string{"Privacy", "reference interview", "Café"}) {
			t.Errorf("Topics %q", m.Topics)
		}
		if m.EstimatedMinutes != 25 || m.Cover != "images/cover.svg" || m.CoverAlt != "A patron at the reference desk" ||
			m.Attribution != "Adapted from [ALA](https://www.ala.org/) by *Springfield PL*" {
			t.Errorf("module %+v", m)
		}
		if !slices.Equal(m.Files, []string{"images/cover.svg"}) {
			t.Errorf("Files %q: the cover must be served, and nothing else", m.Files)
		}
	})
	t.Run("MinutesFromObjects", func(t *testing.T) {
		m := MustLoad(t, writeModule(t, map[string]string{"module.yaml": listingModule("")}), nil)
		if m.EstimatedMinutes != 12 { // 4 + 7.5 rounded; the quiz gives none
			t.Errorf("EstimatedMinutes %d, want 12", m.EstimatedMinutes)
		}
		if m.Cover != "" || m.Topics != nil || m.Attribution != "" {
			t.Errorf("left-out fields are not empty: %+v", m)
		}
	})
	t.Run("MinutesUnknown", func(t *testing.T) {
		m := MustLoad(t, "testdata/good", nil)
		if m.EstimatedMinutes != 0 {
			t.Errorf("EstimatedMinutes %d, want 0 (unknown): no object gives an estimate", m.EstimatedMinutes)
		}
	})
	t.Run("DecorativeCover", func(t *testing.T) {
		dir := writeModule(t, map[string]string{
			"module.yaml": listingModule("cover: cover.png\ncover_alt: \"\"\n"),
			"cover.png":   "png",
		})
		if m := MustLoad(t, dir, nil); m.Cover != "cover.png" || m.CoverAlt != "" {
			t.Errorf("cover %q alt %q", m.Cover, m.CoverAlt)
		}
	})
}

// Each catalog field's mistakes are reported with file and line, and the
// module does not load.
func TestLoad_ListingProblems(t *testing.T) {
	cases := []struct {
		name, yaml string
		files      map[string]string
		want       []string
	}{
		{"TopicsNotAList", "topics: privacy\n", nil,
			[]string{"module.yaml:4:9: topics: must be a list of short topics such as [privacy, reference], not a single value"}},
		{"TopicProblems", "topics:\n  - Privacy\n  - ''\n  - [a]\n  - privacy\n  - " + strings.Repeat("x", 41) + "\n", nil,
			[]string{
				"module.yaml:6:5: topics[1]: must not be empty",
				"module.yaml:7:5: topics[2]: must be text, not a list",
				`module.yaml:8:5: topics[3]: topic "privacy" is already listed on line 5`,
				"module.yaml:9:5: topics[4]: is 41 characters long; keep topics to 40 or fewer",
			}},
		{"MinutesQuoted", "estimated_minutes: \"20\"\n", nil,
			[]string{`module.yaml:4:20: estimated_minutes: must be a whole number of minutes, 1 or more, such as 20; got "20"`}},
		{"MinutesZero", "estimated_minutes: 0\n", nil,
			[]string{`module.yaml:4:20: estimated_minutes: must be a whole number of minutes, 1 or more, such as 20; got "0"`}},
		{"MinutesFraction", "estimated_minutes: 1.5\n", nil,
			[]string{`module.yaml:4:20: estimated_minutes: must be a whole number of minutes, 1 or more, such as 20; got "1.5"`}},
		{"CoverMissing", "cover: images/covr.png\ncover_alt: A desk\n", map[string]string{"images/cover.png": "png"},
			[]string{"module.yaml:4:8: cover: images/covr.png is not in the module folder; did you mean images/cover.png?"}},
		{"CoverNotAnImage", "cover: notes.pdf\ncover_alt: Notes\n", map[string]string{"notes.pdf": "pdf"},
			[]string{`module.yaml:4:8: cover: must be an image (.png, .jpg, .jpeg, .gif, .webp, .avif, .svg), got "notes.pdf"`}},
		{"CoverURL", "cover: https://example.org/c.png\ncover_alt: A desk\n", nil,
			[]string{`module.yaml:4:8: cover: must be an image file in the module folder such as images/cover.png, got "https://example.org/c.png"`}},
		{"CoverOutside", "cover: ../c.png\ncover_alt: A desk\n", nil,
			[]string{`module.yaml:4:8: cover: must be an image file in the module folder such as images/cover.png, got "../c.png"`}},
		{"CoverAltMissing", "cover: c.png\n", map[string]string{"c.png": "png"},
			[]string{`module.yaml:4:1: cover_alt: missing; describe the cover for people who cannot see it, or write cover_alt: "" if it is only decoration`}},
		{"CoverAltNull", "cover: c.png\ncover_alt:\n", map[string]string{"c.png": "png"},
			[]string{`module.yaml:5:11: cover_alt: describe the cover for people who cannot see it, or write cover_alt: "" if it is only decoration`}},
		{"CoverAltWithoutCover", "cover_alt: A desk\n", nil,
			[]string{"module.yaml:4:1: cover_alt: there is no cover to describe; add cover: images/cover.png or remove cover_alt"}},
		{"AttributionNotText", "attribution: {by: me}\n", nil,
			[]string{"module.yaml:4:14: attribution: must be text, not a mapping"}},
		{"Misspelt", "topic: [a]\n", nil,
			[]string{`module.yaml:4:1: topic: unknown field "topic"; did you mean "topics"?`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"module.yaml": listingModule(c.yaml)}
			for k, v := range c.files {
				files[k] = v
			}
			dir := writeModule(t, files)
			m, ps := Load(context.Background(), dir, nil)
			if m != nil {
				t.Errorf("loaded despite the problems")
			}
			want := make([]string, len(c.want))
			for i, w := range c.want {
				want[i] = dir + "/" + w
			}
			assertProblems(t, ps, want...)
		})
	}
}
