package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/lode-elearning/lode/engine/http/api"
)

// openAPI is docs/openapi.yaml: its paths read as types, to walk them, and
// the whole document compiled as JSON Schema 2020-12 (what OpenAPI 3.1's
// schema objects are), to validate responses against.
type openAPI struct {
	OpenAPI    string                          `yaml:"openapi"`
	Paths      map[string]map[string]operation `yaml:"paths"`
	Components struct {
		Responses map[string]response `yaml:"responses"`
	} `yaml:"components"`
	value   any // the whole document, as JSON
	schemas *jsonschema.Compiler
}

type operation struct {
	OperationID string              `yaml:"operationId"`
	Responses   map[string]response `yaml:"responses"`
}

type response struct {
	Ref     string              `yaml:"$ref"`
	Content map[string]struct{} `yaml:"content"`
}

const docURL = "https://lode.example/openapi.json"

func mustOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	text, err := os.ReadFile("../../../docs/openapi.yaml")
	must(t, err)
	var doc openAPI
	must(t, yaml.Unmarshal(text, &doc))
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	doc.value = jsonValue(t, text)
	doc.schemas = newCompiler()
	must(t, doc.schemas.AddResource(docURL, doc.value))
	return &doc
}

// newCompiler compiles JSON Schema 2020-12 and checks formats
// (date-time, date, uri), which that draft otherwise only annotates.
func newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	return c
}

// jsonValue is YAML text as the JSON value jsonschema reads.
func jsonValue(t *testing.T, text []byte) any {
	t.Helper()
	var tree any
	must(t, yaml.Unmarshal(text, &tree))
	js, err := json.Marshal(tree)
	must(t, err)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	must(t, err)
	return v
}

// testDocument validates the document against the OpenAPI Initiative's
// schema of a 3.1 document (testdata/oas-3.1-schema.yaml, vendored).
func testDocument(t *testing.T, doc *openAPI) {
	text, err := os.ReadFile("testdata/oas-3.1-schema.yaml")
	must(t, err)
	const url = "https://spec.openapis.org/oas/3.1/schema/WORK-IN-PROGRESS"
	c := newCompiler()
	must(t, c.AddResource(url, jsonValue(t, text)))
	oas, err := c.Compile(url)
	must(t, err)
	if err := oas.Validate(doc.value); err != nil {
		t.Fatalf("docs/openapi.yaml is not a valid OpenAPI 3.1 document: %v", err)
	}
}

// schema compiles the schema of status's response to op (path's GET) for
// mediaType, following a $ref to components/responses.
func (d *openAPI) schema(t *testing.T, path, code string, mediaType string) *jsonschema.Schema {
	t.Helper()
	r, ok := d.Paths[path]["get"].Responses[code]
	if !ok {
		t.Fatalf("GET %s: status %s is not documented", path, code)
	}
	ptr := "/paths/" + escape(path) + "/get/responses/" + code
	if name, ok := strings.CutPrefix(r.Ref, "#/components/responses/"); ok {
		r, ptr = d.Components.Responses[name], "/components/responses/"+escape(name)
	}
	if _, ok := r.Content[mediaType]; !ok {
		t.Fatalf("GET %s: status %s answered %s, which is not documented", path, code, mediaType)
	}
	s, err := d.schemas.Compile(docURL + "#" + ptr + "/content/" + escape(mediaType) + "/schema")
	must(t, err)
	return s
}

// escape is a JSON pointer's escaping of one token (RFC 6901).
func escape(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1") }

// echoPath is an OpenAPI path as Echo writes it: {id} as :id.
func echoPath(p string) string { return regexp.MustCompile(`\{(\w+)\}`).ReplaceAllString(p, ":$1") }

// apiCall is a request to one documented operation and the status it must
// get. Together the calls must give every documented status of every
// operation (401 is added for each).
type apiCall struct {
	name, path string // path below /api/v1, with a query
	status     int
	field      string // for a 400: the field the error must name
	// filled are arrays the answer must not have empty, so that their
	// items' schemas are exercised by the seeded data.
	filled []string
}

var apiCalls = map[string][]apiCall{
	"/modules": {{"OK", "/modules", 200, "", []string{"modules"}}},
	"/modules/{id}/report": {
		{"OK", "/modules/copyright/report", 200, "", []string{"completions_per_week", "steps", "funnel", "scores", "questions"}},
		{"Filtered", "/modules/copyright/report?from=2020-01-01&to=2099-12-31&domain=@Library.Example", 200, "", nil},
		{"BadFrom", "/modules/copyright/report?from=yesterday", 400, "from", nil},
		{"BadDomain", "/modules/copyright/report?domain=not%20a%20domain", 400, "domain", nil},
		{"UnknownModule", "/modules/nope/report", 404, "", nil},
	},
	"/modules/{id}/statements": {
		{"OK", "/modules/copyright/statements", 200, "", nil},
		{"UnknownModule", "/modules/nope/statements", 404, "", nil},
	},
	"/learners/{id}": {
		{"OK", "/learners/reader", 200, "", []string{"modules", "certificates"}},
		{"UnknownLearner", "/learners/nobody", 404, "", nil},
	},
	"/completions": {
		{"OK", "/completions?module=copyright", 200, "", nil},
		{"ToBeforeFrom", "/completions?from=2026-03-10&to=2026-03-01", 400, "to", nil},
	},
}

// TestOpenAPIMatchesHandlers holds docs/openapi.yaml and the handlers
// together: the same routes, and every route answering each documented
// status with a body its schema accepts, on each database.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	doc := mustOpenAPI(t)
	t.Run("Document", func(t *testing.T) { testDocument(t, doc) })
	t.Run("Routes", func(t *testing.T) {
		site := mustSite(t, backends["SQLite"](t))
		e := echo.New()
		must(t, (&api.Server{Admins: site.admins, Modules: site.admin}).Register(e))
		var registered, documented []string
		for _, r := range e.Routes() {
			// Echo adds a catch-all to a group with middleware, so that an
			// unknown path below it asks for a token too: not a route.
			if strings.HasPrefix(r.Path, api.Prefix+"/") && r.Method != echo.RouteNotFound {
				registered = append(registered, r.Method+" "+r.Path)
			}
		}
		for path, ops := range doc.Paths {
			for method := range ops {
				documented = append(documented, strings.ToUpper(method)+" "+api.Prefix+echoPath(path))
			}
		}
		slices.Sort(registered)
		slices.Sort(documented)
		if !slices.Equal(registered, documented) {
			t.Fatalf("routes registered in Echo:\n%s\ndocumented in openapi.yaml:\n%s", strings.Join(registered, "\n"), strings.Join(documented, "\n"))
		}
		if got := slices.Sorted(slices.Values(site.api.Routes())); !slices.Equal(got, registered) {
			t.Fatalf("Routes() %v, want what is registered, %v: the route walk reads it", got, registered)
		}
	})
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			s := mustSite(t, open(t))
			s.seed(t)
			for path, ops := range doc.Paths {
				testOperation(t, s, doc, path, ops["get"])
			}
			t.Run("ServerError", func(t *testing.T) { testServerError(t, s, doc) })
		})
	}
}

func testOperation(t *testing.T, s *site, doc *openAPI, path string, op operation) {
	calls := apiCalls[path]
	if len(calls) == 0 {
		t.Errorf("GET %s is documented but no test calls it", path)
		return
	}
	calls = append(calls, apiCall{"WithoutToken", calls[0].path, http.StatusUnauthorized, "", nil})
	pattern := regexp.MustCompile(`^` + regexp.MustCompile(`\\\{\w+\\\}`).ReplaceAllString(regexp.QuoteMeta(path), `[^/?]+`) + `(\?|$)`)
	answered := map[string]bool{}
	for _, c := range calls {
		t.Run(op.OperationID+"/"+c.name, func(t *testing.T) {
			if !pattern.MatchString(c.path) {
				t.Fatalf("%s is not a request to %s", c.path, path)
			}
			auth := "Bearer " + s.token
			if c.status == http.StatusUnauthorized {
				auth = ""
			}
			resp := s.get(t, api.Prefix+c.path, auth)
			defer resp.Body.Close()
			if resp.StatusCode != c.status {
				body, _ := io.ReadAll(resp.Body)
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body)
			}
			answered[strconv.Itoa(c.status)] = true
			mediaType, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
			values := mustValidate(t, resp.Body, mediaType, doc.schema(t, path, strconv.Itoa(c.status), mediaType))
			if c.field != "" {
				if got := values[0].(map[string]any)["error"].(map[string]any)["field"]; got != c.field {
					t.Errorf("error names field %v, want %q", got, c.field)
				}
			}
			for _, name := range c.filled {
				if items, _ := values[0].(map[string]any)[name].([]any); len(items) == 0 {
					t.Errorf("%s is empty: the seeded data should fill it", name)
				}
			}
			if c.status == http.StatusUnauthorized && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer ") {
				t.Errorf("WWW-Authenticate %q, want a Bearer challenge", resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
	for status := range op.Responses {
		if !answered[status] && status != "default" { // default: testServerError
			t.Errorf("GET %s: status %s is documented but no call got it", path, status)
		}
	}
}

// mustValidate reads a body, one JSON value or JSON lines (at least one),
// and checks each value against schema.
func mustValidate(t *testing.T, body io.Reader, mediaType string, schema *jsonschema.Schema) []any {
	t.Helper()
	var values []any
	if mediaType == "application/x-ndjson" {
		lines := bufio.NewScanner(body)
		lines.Buffer(nil, 1<<20)
		for lines.Scan() {
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(lines.Bytes()))
			if err != nil {
				t.Fatalf("line %d is not JSON: %v: %s", len(values)+1, err, lines.Bytes())
			}
			values = append(values, v)
		}
		must(t, lines.Err())
		if len(values) == 0 {
			t.Fatal("no lines: the seeded data should give some")
		}
	} else {
		v, err := jsonschema.UnmarshalJSON(body)
		must(t, err)
		values = append(values, v)
	}
	for i, v := range values {
		if err := schema.Validate(v); err != nil {
			js, _ := json.Marshal(v)
			t.Errorf("value %d does not match the documented schema: %v\n%s", i+1, err, js)
		}
	}
	// Values come back as plain maps for the caller's checks.
	for i, v := range values {
		js, _ := json.Marshal(v)
		must(t, json.Unmarshal(js, &values[i]))
	}
	return values
}

// testServerError closes the database under the server: every route then
// answers a 5xx, and its body is the documented default response. Run
// last: the site is of no use after.
func testServerError(t *testing.T, s *site, doc *openAPI) {
	must(t, s.db.Close())
	for path := range doc.Paths {
		resp := s.get(t, api.Prefix+apiCalls[path][0].path, "Bearer "+s.token)
		if resp.StatusCode < 500 {
			resp.Body.Close()
			t.Fatalf("GET %s with the database closed: status %d, want 5xx", path, resp.StatusCode)
		}
		mediaType, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
		mustValidate(t, resp.Body, mediaType, doc.schema(t, path, "default", mediaType))
		resp.Body.Close()
	}
}
