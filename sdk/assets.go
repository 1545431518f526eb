package sdk

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// EmbeddedAssets are the files a content type ships, listed once for both
// Describe and Asset, with where their bytes are: usually an embed.FS.
//
//	//go:embed assets
//	var assetFS embed.FS
//
//	var assets = sdk.EmbeddedAssets{FS: assetFS, Dir: "assets", List: []sdk.AssetInfo{
//		{Name: "page.css", ContentType: "text/css"},
//	}}
//
//	// in Describe:  Assets: assets.List,
//
//	func (p *Page) Asset(ctx context.Context, name string) (*sdk.Asset, error) {
//		return assets.Asset(name)
//	}
type EmbeddedAssets struct {
	FS   fs.FS       // holds the files, usually an embed.FS
	Dir  string      // the folder in FS the files are in, such as "assets"; "" for its root
	List []AssetInfo // the files served, for Description.Assets
}

// Asset returns the file in List called name. A name not in List is an
// *InvalidError, so nothing else in FS (or beyond it) is ever served; a
// listed file missing from FS is an ordinary error, a bug in the plugin.
func (a EmbeddedAssets) Asset(name string) (*Asset, error) {
	for _, info := range a.List {
		if info.Name != name {
			continue
		}
		data, err := fs.ReadFile(a.FS, path.Join(a.Dir, name))
		if err != nil {
			return nil, fmt.Errorf("asset %q is listed but cannot be read: %w", name, err)
		}
		return &Asset{Name: name, ContentType: info.ContentType, Data: data}, nil
	}
	names := make([]string, len(a.List))
	for i, info := range a.List {
		names[i] = info.Name
	}
	return nil, Invalidf("no asset named %q; the assets are %s", name, strings.Join(names, ", "))
}
