package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// Setting is a value an administrator set in the admin area, which
// overrides the configuration file's and which every server of the site
// reads. Value is JSON.
type Setting struct {
	Key       string
	Value     json.RawMessage
	UpdatedAt time.Time
	UpdatedBy string
}

// SettingEmbedOrigins is the embed allow-list: a JSON array of origins.
const SettingEmbedOrigins = "embed_origins"

// SiteStore keeps the settings changed in the admin area.
type SiteStore interface {
	// SiteSetting returns a setting; ENOTFOUND if it was never set (or
	// was reset), so the configuration's value applies.
	SiteSetting(ctx context.Context, key string) (*Setting, error)
	// SetSiteSetting stores s and e in one transaction; a nil s.Value
	// removes the setting.
	SetSiteSetting(ctx context.Context, s *Setting, e *Entry) error
	// LastChange is the id of the newest audit entry (0 when none). Every
	// change an administrator makes writes one, so a server that sees it
	// grow knows another server changed the site.
	LastChange(ctx context.Context) (int64, error)
	// ChangesSince returns the actions of the audit entries after id,
	// each once, and the newest entry's id (id itself when there are
	// none), so that a server reloads only what changed.
	ChangesSince(ctx context.Context, id int64) (actions []string, last int64, err error)
}

// EmbedOrigins returns the embed allow-list set in the admin area, and
// the setting; a nil setting means the configuration's list applies.
func (a *Admins) EmbedOrigins(ctx context.Context) (origins []string, set *Setting, err error) {
	s, err := a.Store.SiteSetting(ctx, SettingEmbedOrigins)
	if engine.ErrorCode(err) == engine.ENOTFOUND {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(s.Value, &origins); err != nil {
		return nil, nil, fmt.Errorf("the stored embed_origins setting is not a list of origins: %w", err)
	}
	return origins, s, nil
}

// SetEmbedOrigins checks and stores the embed allow-list, one origin a
// line as typed in the admin area; blank lines are skipped. EINVALID
// naming field and the line.
func (a *Admins) SetEmbedOrigins(ctx context.Context, actor, field, text string) ([]string, error) {
	origins := []string{}
	for i, line := range strings.Split(text, "\n") {
		o := strings.TrimSpace(line)
		if o == "" {
			continue
		}
		if err := learning.CheckEmbedOrigin(o); err != nil {
			return nil, engine.FieldError(field, "line %d, %v", i+1, err)
		}
		origins = append(origins, o)
	}
	raw, _ := json.Marshal(origins) // a slice of strings always marshals
	e := a.Entry(actor, "embed.set", SettingEmbedOrigins, map[string]string{"origins": strings.Join(origins, " ")})
	s := &Setting{Key: SettingEmbedOrigins, Value: raw, UpdatedAt: e.At, UpdatedBy: actor}
	return origins, a.Store.SetSiteSetting(ctx, s, e)
}

// ResetEmbedOrigins removes the allow-list set in the admin area, so
// that the configuration's applies again.
func (a *Admins) ResetEmbedOrigins(ctx context.Context, actor string) error {
	e := a.Entry(actor, "embed.reset", SettingEmbedOrigins, nil)
	return a.Store.SetSiteSetting(ctx, &Setting{Key: SettingEmbedOrigins, UpdatedAt: e.At, UpdatedBy: actor}, e)
}
