package sdk_test

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/lode-elearning/lode/sdk"
)

func TestEmbeddedAssets(t *testing.T) {
	assets := sdk.EmbeddedAssets{
		FS: fstest.MapFS{
			"assets/a.css":  {Data: []byte(".a{}")},
			"assets/b.js":   {Data: []byte("b()")},
			"assets/secret": {Data: []byte("unlisted")},
			"plugin.go":     {Data: []byte("package x")},
		},
		Dir: "assets",
		List: []sdk.AssetInfo{
			{Name: "a.css", ContentType: "text/css"},
			{Name: "b.js", ContentType: "text/javascript"},
			{Name: "gone.png", ContentType: "image/png"},
		},
	}
	t.Run("Listed", func(t *testing.T) {
		a, err := assets.Asset("b.js")
		if err != nil || a.Name != "b.js" || a.ContentType != "text/javascript" || string(a.Data) != "b()" {
			t.Fatalf("Asset(b.js) = %+v, %v", a, err)
		}
	})
	for _, name := range []string{"secret", "../plugin.go", "", "A.CSS"} {
		t.Run("Unlisted "+name, func(t *testing.T) {
			_, err := assets.Asset(name)
			if !sdk.IsInvalid(err) {
				t.Fatalf("err = %v, want an InvalidError", err)
			}
			if want := `no asset named "` + name + `"; the assets are a.css, b.js, gone.png`; err.Error() != want {
				t.Errorf("err = %q, want %q", err, want)
			}
		})
	}
	t.Run("ListedButMissing", func(t *testing.T) {
		_, err := assets.Asset("gone.png")
		if err == nil || sdk.IsInvalid(err) || !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("err = %v, want a plugin error wrapping fs.ErrNotExist", err)
		}
	})
	t.Run("RootOfFS", func(t *testing.T) {
		root := sdk.EmbeddedAssets{FS: fstest.MapFS{"a.css": {Data: []byte(".a{}")}}, List: []sdk.AssetInfo{{Name: "a.css"}}}
		if a, err := root.Asset("a.css"); err != nil || string(a.Data) != ".a{}" {
			t.Fatalf("Asset(a.css) = %+v, %v", a, err)
		}
	})
}
