package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/credential"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// exportJSON is the wire form of a learner's record: the file a patron
// downloads from /profile/export.
type exportJSON struct {
	ExportedAt    time.Time            `json:"exported_at"`
	Profile       *exportProfile       `json:"profile"` // null for a visitor: Lode holds nothing
	Registrations []exportRegistration `json:"registrations"`
	Statements    []xapi.Statement     `json:"statements"`
	Certificates  []exportCertificate  `json:"certificates"`
}

type exportCertificate struct {
	Code          string    `json:"code"`
	Module        string    `json:"module"`
	ModuleTitle   string    `json:"module_title"`
	ModuleVersion string    `json:"module_version"`
	Name          string    `json:"name"` // as printed on it
	CEHours       float64   `json:"ce_hours"`
	CompletedAt   time.Time `json:"completed_at"`
	IssuedAt      time.Time `json:"issued_at"`
}

type exportProfile struct {
	ID string `json:"id"`
	// EarlierIDs are the anonymous ids the patron learned under before
	// signing in; statements made then name those.
	EarlierIDs []string  `json:"earlier_ids,omitempty"`
	Name       string    `json:"name"`
	Email      string    `json:"email"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

type exportRegistration struct {
	ID            string     `json:"id"`
	Module        string     `json:"module"`
	CurrentObject string     `json:"current_object,omitempty"`
	StartedAt     time.Time  `json:"started_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	CompletedAt   *time.Time `json:"completed_at,omitempty"`
	FailedAt      *time.Time `json:"failed_at,omitempty"`
	// The module's version when started and when completed: modules are
	// edited, and a record of CE names the version done.
	StartedVersion   string        `json:"started_version,omitempty"`
	CompletedVersion string        `json:"completed_version,omitempty"`
	Objects          []exportState `json:"objects"`
}

type exportState struct {
	Object    string          `json:"object"`
	Completed bool            `json:"completed"`
	Success   *bool           `json:"success,omitempty"`
	Scaled    *float64        `json:"scaled,omitempty"`
	State     json.RawMessage `json:"state,omitempty"`
	UpdatedAt time.Time       `json:"updated_at"`
}

func newExportJSON(rec *learning.LearnerRecord, at time.Time) exportJSON {
	out := exportJSON{ExportedAt: at.UTC(), Registrations: []exportRegistration{}, Statements: rec.Statements}
	if l := rec.Learner; l != nil {
		out.Profile = &exportProfile{ID: l.ID, EarlierIDs: rec.Merged, Name: l.Name, Email: l.Email, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
	}
	if out.Statements == nil {
		out.Statements = []xapi.Statement{}
	}
	for _, r := range rec.Registrations {
		reg := exportRegistration{
			ID: r.ID, Module: r.ModuleID, CurrentObject: r.CurrentObject,
			StartedAt: r.StartedAt, UpdatedAt: r.UpdatedAt, CompletedAt: r.CompletedAt, FailedAt: r.FailedAt,
			StartedVersion: r.StartedVersion, CompletedVersion: r.CompletedVersion, Objects: []exportState{},
		}
		for _, st := range r.States {
			reg.Objects = append(reg.Objects, exportState{
				Object: st.ObjectID, Completed: st.Completed, Success: st.Success, Scaled: st.Scaled,
				State: st.State, UpdatedAt: st.UpdatedAt,
			})
		}
		out.Registrations = append(out.Registrations, reg)
	}
	return out
}

// ExportDocument is rec with the learner's certificates as the JSON file a
// patron downloads, exported at at: also what `lode learners export`
// prints, so that a patron gets the same document whoever exports it.
func ExportDocument(rec *learning.LearnerRecord, certs []credential.Certificate, at time.Time) ([]byte, error) {
	doc := newExportJSON(rec, at)
	doc.Certificates = []exportCertificate{}
	for _, c := range certs {
		doc.Certificates = append(doc.Certificates, exportCertificate{
			Code: c.Code, Module: c.ModuleID, ModuleTitle: c.ModuleTitle, ModuleVersion: c.ModuleVersion,
			Name: c.LearnerName, CEHours: c.CEHours, CompletedAt: c.CompletedAt, IssuedAt: c.IssuedAt,
		})
	}
	body, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, &engine.Error{Code: engine.EINTERNAL, Message: "encoding the export", Err: err}
	}
	return body, nil
}

// handleExport answers GET /profile/export with everything Lode holds
// about the learner, as a JSON download. It is built whole before the
// first byte is sent, so that a failure is an error page rather than half
// a file, and it is never cached: it holds the patron's email.
func (s *Server) handleExport(c echo.Context) error {
	rec := &learning.LearnerRecord{} // a visitor: nothing held
	var certs []credential.Certificate
	if sess := session(c); !visiting(sess) {
		ctx := c.Request().Context()
		var err error
		if rec, err = s.Privacy.Export(ctx, sess.LearnerID); err != nil {
			return err
		}
		if certs, err = s.Certificates.Learner(ctx, sess.LearnerID); err != nil {
			return err
		}
	}
	body, err := ExportDocument(rec, certs, time.Now())
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="lode-my-data.json"`)
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", body)
}
