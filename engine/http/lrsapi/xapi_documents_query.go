package lrsapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// documentQuery is what the query of a document request says.
type documentQuery struct {
	key     lrs.DocumentKey // ID "" when the request names no document
	since   *time.Time
	version xapi.Version
}

func (q documentQuery) set() lrs.DocumentSet {
	k := q.key
	return lrs.DocumentSet{Kind: k.Kind, ActivityID: k.ActivityID, Agent: k.Agent, Registration: k.Registration, Since: q.since}
}

// documentParams are the query parameters each document resource takes
// for every method; GET adds since.
var documentParams = map[lrs.DocumentKind][]string{
	lrs.StateDocument:           {"activityId", "agent", "registration", "stateId"},
	lrs.ActivityProfileDocument: {"activityId", "profileId"},
	lrs.AgentProfileDocument:    {"agent", "profileId"},
}

// parseDocumentQuery reads the query of a request to a document resource
// of kind, which may also use the extra parameters. EINVALID names the
// parameter that is unknown, repeated or malformed.
func parseDocumentQuery(c echo.Context, kind lrs.DocumentKind, extra ...string) (documentQuery, error) {
	v := xapiVersionOf(c)
	p, err := knownParams(c, append(slices.Clone(documentParams[kind]), extra...)...)
	if err != nil {
		return documentQuery{}, err
	}
	q := documentQuery{version: v, key: lrs.DocumentKey{Kind: kind, ActivityID: p["activityId"]}}
	q.key.ID = p[q.key.IDParam()]
	if raw, ok := p["agent"]; ok {
		a, err := agentParam(raw, v)
		if err != nil {
			return documentQuery{}, err
		}
		q.key.Agent = a.IFI()
	}
	if reg, ok := p["registration"]; ok {
		if !xapi.IsUUID(reg) {
			return documentQuery{}, engine.FieldError("registration", "%q is not a UUID", reg)
		}
		q.key.Registration = strings.ToLower(reg)
	}
	if raw, ok := p["since"]; ok {
		t, err := timestampParam("since", raw)
		if err != nil {
			return documentQuery{}, err
		}
		q.since = &t
	}
	return q, nil
}

// knownParams returns the request's query parameters, each given once and
// not empty; EINVALID for any other than allowed, as xAPI requires.
func knownParams(c echo.Context, allowed ...string) (map[string]string, error) {
	out := make(map[string]string)
	for name, values := range c.QueryParams() {
		switch {
		case !slices.Contains(allowed, name):
			return nil, engine.FieldError(name, "is not a parameter of %s (it takes %s)", c.Request().URL.Path, strings.Join(allowed, ", "))
		case len(values) > 1:
			return nil, engine.FieldError(name, "is given %d times; give it once", len(values))
		case values[0] == "":
			return nil, engine.FieldError(name, "is empty")
		}
		out[name] = values[0]
	}
	return out, nil
}

// agentParam parses an agent query parameter: the JSON of an Agent or
// identified Group.
func agentParam(raw string, v xapi.Version) (*xapi.Agent, error) {
	a, err := xapi.ParseAgent([]byte(raw), v)
	if err != nil {
		return nil, lrs.XAPIError(err)
	}
	if a.IFI() == "" {
		return nil, engine.FieldError("agent", "has no identifier: give its mbox, mbox_sha1sum, openid or account")
	}
	return a, nil
}

// timestampParam parses an ISO 8601 timestamp parameter. A "+" of an
// offset left unencoded in the URL arrives as a space, and is put back.
func timestampParam(name, raw string) (time.Time, error) {
	s := strings.ReplaceAll(raw, " ", "+")
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, engine.FieldError(name, "%q is not a timestamp such as 2024-05-01T12:00:00Z", raw)
}

// preconditions reads If-Match and If-None-Match. Quotes are dropped; a
// weak tag keeps its W/ in If-Match, which compares tags strongly, so that
// it matches nothing.
func preconditions(h http.Header) lrs.Preconditions {
	return lrs.Preconditions{IfMatch: entityTags(h.Values("If-Match"), false), IfNoneMatch: entityTags(h.Values("If-None-Match"), true)}
}

func entityTags(values []string, weakMatches bool) []string {
	var tags []string
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			weak := strings.HasPrefix(t, "W/")
			t = strings.Trim(strings.TrimPrefix(t, "W/"), `"`)
			if t == "" {
				continue
			}
			if weak && !weakMatches {
				t = "W/" + t
			}
			tags = append(tags, t)
		}
	}
	return tags
}

// setDocumentHeaders sets the ETag (quoted, as RFC 9110 and xAPI require)
// and Last-Modified of a response.
func setDocumentHeaders(c echo.Context, etag string, updated time.Time) {
	h := c.Response().Header()
	h.Set("ETag", `"`+etag+`"`)
	if !updated.IsZero() {
		h.Set("Last-Modified", updated.UTC().Format(http.TimeFormat))
	}
}

// writeDocumentIDs answers a GET of many documents: their ids, with the
// time the latest was updated.
func writeDocumentIDs(c echo.Context, ids []string, updated time.Time) error {
	if ids == nil {
		ids = []string{}
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	setDocumentHeaders(c, lrs.ETag(b), updated)
	return c.JSONBlob(http.StatusOK, b)
}
