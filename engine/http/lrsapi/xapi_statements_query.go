package lrsapi

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// statementParams are the parameters of GET /statements; cursor is Lode's
// own, in the more links it writes.
var statementParams = []string{
	"statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
	"related_activities", "related_agents", "since", "until", "limit", "format",
	"attachments", "ascending", "cursor",
}

// statementResult is the xAPI StatementResult object.
type statementResult struct {
	Statements []xapi.Statement `json:"statements"`
	More       string           `json:"more"`
}

// queryParams returns the request's parameters. EINVALID for a parameter
// not in allowed (matching one but for case included), or given twice.
func queryParams(c echo.Context, allowed ...string) (url.Values, error) {
	q := c.Request().URL.Query()
	for k, vs := range q {
		if !slices.Contains(allowed, k) {
			return nil, engine.FieldError(k, "is not a parameter of %s %s", c.Request().Method, c.Request().URL.Path)
		}
		if len(vs) > 1 {
			return nil, engine.FieldError(k, "is given %d times", len(vs))
		}
	}
	return q, nil
}

// handleGetStatements answers GET and HEAD: one statement by statementId
// or voidedStatementId, or a StatementResult page of a query.
func (s *Server) handleGetStatements(c echo.Context) error {
	q, err := queryParams(c, statementParams...)
	if err != nil {
		return err
	}
	format, err := statementFormat(q)
	if err != nil {
		return err
	}
	attachments, err := boolParam(q, "attachments")
	if err != nil {
		return err
	}
	// Format exact is the statements as stored: written from the stored
	// documents, unread (xapi_statements_docs.go).
	asStored := !attachments && (!q.Has("format") || q.Get("format") == "exact")
	if q.Has("statementId") || q.Has("voidedStatementId") {
		id, voided, err := statementIDParam(q)
		switch {
		case err != nil:
			return err
		case asStored:
			return s.getStatementDoc(c, id, voided)
		}
		return s.getStatement(c, id, voided, format, attachments)
	}
	f, err := statementFilter(q, xapiVersionOf(c))
	if err != nil {
		return err
	}
	if asStored {
		return s.queryDocs(c, q, f)
	}
	stmts, next, err := s.LRS.Query(c.Request().Context(), lrsCaller(c), f)
	if err != nil {
		return err
	}
	if stmts == nil {
		stmts = []xapi.Statement{}
	}
	var latest *time.Time
	for i := range stmts {
		stmts[i] = format(c, &stmts[i])
		if st := stmts[i].Stored; st != nil && (latest == nil || st.After(*latest)) {
			latest = st
		}
	}
	setLastModified(c, latest)
	res := statementResult{Statements: stmts}
	if next != "" {
		res.More = s.moreLink(q, next)
	}
	if attachments {
		return s.writeMultipart(c, res, stmts)
	}
	return answerJSON(c, res)
}

// statementIDParam reads the parameters of a GET of one statement:
// statementId (not voided) or voidedStatementId (voided), with at most
// format and attachments besides.
func statementIDParam(q url.Values) (id string, voided bool, err error) {
	if q.Has("statementId") && q.Has("voidedStatementId") {
		return "", false, engine.FieldError("voidedStatementId", "cannot be asked for with statementId")
	}
	for k := range q {
		if k != "statementId" && k != "voidedStatementId" && k != "format" && k != "attachments" {
			return "", false, engine.FieldError(k, "cannot be used when asking for one statement by id")
		}
	}
	if q.Has("voidedStatementId") {
		return q.Get("voidedStatementId"), true, nil
	}
	return q.Get("statementId"), false, nil
}

// getStatement answers a GET of one statement in a format that changes
// it, or with its attachments.
func (s *Server) getStatement(c echo.Context, id string, voided bool, format statementFormatter, attachments bool) error {
	st, err := s.LRS.Statement(c.Request().Context(), lrsCaller(c), id, voided)
	if err != nil {
		return err
	}
	out := format(c, st)
	setLastModified(c, out.Stored)
	if attachments {
		return s.writeMultipart(c, out, []xapi.Statement{out})
	}
	return answerJSON(c, out)
}

func setLastModified(c echo.Context, t *time.Time) {
	if t != nil {
		c.Response().Header().Set(echo.HeaderLastModified, t.UTC().Format(http.TimeFormat))
	}
}

// statementFilter reads the query parameters of GET /statements.
func statementFilter(q url.Values, v xapi.Version) (lrs.StatementFilter, error) {
	var f lrs.StatementFilter
	var err error
	if raw := q.Get("agent"); q.Has("agent") {
		a, err := xapi.ParseAgent([]byte(raw), v)
		if err != nil {
			return f, lrs.XAPIError(err)
		}
		f.Agent = a.IFI()
	}
	if f.Verb = q.Get("verb"); q.Has("verb") && !xapi.IsIRI(f.Verb) {
		return f, engine.FieldError("verb", "%q is not an IRI", f.Verb)
	}
	if f.Activity = q.Get("activity"); q.Has("activity") && !xapi.IsIRI(f.Activity) {
		return f, engine.FieldError("activity", "%q is not an IRI", f.Activity)
	}
	if f.Registration = q.Get("registration"); q.Has("registration") && !xapi.IsUUID(f.Registration) {
		return f, engine.FieldError("registration", "%q is not a UUID", f.Registration)
	}
	for name, dst := range map[string]*bool{"related_activities": &f.RelatedActivities, "related_agents": &f.RelatedAgents, "ascending": &f.Ascending} {
		if *dst, err = boolParam(q, name); err != nil {
			return f, err
		}
	}
	for name, dst := range map[string]**time.Time{"since": &f.Since, "until": &f.Until} {
		if !q.Has(name) {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, q.Get(name))
		if err != nil {
			return f, engine.FieldError(name, "%q is not an ISO 8601 timestamp with a time zone", q.Get(name))
		}
		*dst = &t
	}
	if q.Has("limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 0 {
			return f, engine.FieldError("limit", "%q is not a non-negative integer", q.Get("limit"))
		}
		f.Limit = n
	}
	f.Cursor = q.Get("cursor")
	return f, nil
}

// boolParam reads a Boolean parameter: absent is false.
func boolParam(q url.Values, name string) (bool, error) {
	if !q.Has(name) {
		return false, nil
	}
	switch q.Get(name) {
	case "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, engine.FieldError(name, "%q is not true or false", q.Get(name))
}

// moreLink is the host-relative URL of the next page: the same query from
// the cursor on. It holds all the state, so any server can answer it.
func (s *Server) moreLink(q url.Values, cursor string) string {
	next := url.Values{}
	for k, vs := range q {
		next[k] = vs
	}
	next.Set("cursor", cursor)
	prefix := ""
	if u, err := url.Parse(s.LRS.BaseURL); err == nil {
		prefix = strings.TrimSuffix(u.Path, "/")
	}
	return prefix + "/xapi/statements?" + next.Encode()
}

// statementFormatter renders a stored statement in the format asked for.
type statementFormatter func(c echo.Context, st *xapi.Statement) xapi.Statement

// statementFormat returns the formatter of the format parameter: exact
// (the default), ids or canonical (by the request's Accept-Language).
func statementFormat(q url.Values) (statementFormatter, error) {
	format := q.Get("format")
	if !q.Has("format") {
		format = "exact"
	}
	switch format {
	case "exact":
		return func(_ echo.Context, st *xapi.Statement) xapi.Statement { return *st }, nil
	case "ids":
		return func(_ echo.Context, st *xapi.Statement) xapi.Statement { return *st.IDsOnly() }, nil
	case "canonical":
		return func(c echo.Context, st *xapi.Statement) xapi.Statement {
			return *st.Canonical(acceptLanguages(c.Request().Header.Get("Accept-Language")))
		}, nil
	}
	return nil, engine.FieldError("format", "%q is not ids, exact or canonical", q.Get("format"))
}

// acceptLanguages returns the language ranges of an Accept-Language
// header, most preferred first, leaving out those with q=0.
func acceptLanguages(h string) []string {
	type ranged struct {
		tag string
		q   float64
	}
	var rs []ranged
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if tag == "" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			rs = append(rs, ranged{tag, q})
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].q > rs[j].q })
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.tag
	}
	return out
}
