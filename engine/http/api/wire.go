package api

import (
	"time"

	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
)

// The JSON the API sends: wire types of their own, so that renaming a
// domain field cannot change the API that docs/openapi.yaml promises.

type moduleJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Version   string `json:"version"`
	License   string `json:"license"`
	Published bool   `json:"published"`
}

type filterJSON struct {
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	Domain string `json:"domain,omitempty"`
}

type moduleReportJSON struct {
	Module     moduleJSON     `json:"module"`
	Filter     filterJSON     `json:"filter"`
	Started    int            `json:"started"`
	InProgress int            `json:"in_progress"`
	Completed  int            `json:"completed"`
	Failed     int            `json:"failed"`
	Median     *float64       `json:"median_seconds_to_complete"` // null with no completion
	Weeks      []weekJSON     `json:"completions_per_week"`
	Steps      []stepJSON     `json:"steps"`
	Funnel     []funnelJSON   `json:"funnel"`
	Scores     []scoresJSON   `json:"scores"`
	Questions  []questionJSON `json:"questions"`
}

type weekJSON struct {
	Week        string `json:"week"` // the Monday it starts, YYYY-MM-DD
	Completions int    `json:"completions"`
}

type stepJSON struct {
	ObjectID  string `json:"object_id"`
	Title     string `json:"title"`
	Completed int    `json:"completed"`
}

type funnelJSON struct {
	Label    string `json:"label"`
	Learners int    `json:"learners"`
	Stopped  int    `json:"stopped"`
}

type scoresJSON struct {
	ObjectID string  `json:"object_id"`
	Title    string  `json:"title"`
	Deciles  [10]int `json:"deciles"`
}

type questionJSON struct {
	ActivityID   string  `json:"activity_id"`
	Prompt       string  `json:"prompt"`
	Answers      int     `json:"answers"`
	Correct      int     `json:"correct"`
	ShareCorrect float64 `json:"share_correct"`
	MostWrong    string  `json:"most_wrong,omitempty"`
	MostWrongN   int     `json:"most_wrong_count"`
}

func newModuleJSON(m *learning.Module, published bool) moduleJSON {
	return moduleJSON{ID: m.ID, Title: m.Title, Version: m.Version, License: m.License, Published: published}
}

func newModuleReportJSON(m moduleJSON, f filterJSON, r *admin.ModuleReport, objects []learning.Object) moduleReportJSON {
	out := moduleReportJSON{Module: m, Filter: f, Started: r.Started, InProgress: r.InProgress, Completed: r.Completed, Failed: r.Failed,
		Weeks: []weekJSON{}, Steps: []stepJSON{}, Funnel: []funnelJSON{}, Scores: []scoresJSON{}, Questions: []questionJSON{}}
	if r.Completed > 0 {
		secs := r.Median.Seconds()
		out.Median = &secs
	}
	for _, w := range r.Weeks {
		out.Weeks = append(out.Weeks, weekJSON{Week: w.Label, Completions: w.N})
	}
	// Steps are the module's objects in order (admin.NewModuleReport).
	for i, st := range r.Steps {
		out.Steps = append(out.Steps, stepJSON{ObjectID: objects[i].ID, Title: st.Label, Completed: st.N})
	}
	for _, f := range r.Funnel {
		out.Funnel = append(out.Funnel, funnelJSON{Label: f.Label, Learners: f.N, Stopped: f.Stopped})
	}
	for _, d := range r.Scores {
		out.Scores = append(out.Scores, scoresJSON{ObjectID: d.ObjectID, Title: d.Title, Deciles: d.N})
	}
	for _, q := range r.Questions {
		out.Questions = append(out.Questions, questionJSON{ActivityID: q.ActivityID, Prompt: q.Prompt, Answers: q.Answers,
			Correct: q.Correct, ShareCorrect: q.ShareCorrect(), MostWrong: q.MostWrong, MostWrongN: q.MostWrongN})
	}
	return out
}

type learnerReportJSON struct {
	Learner      learnerJSON         `json:"learner"`
	CEHours      float64             `json:"ce_hours"`
	Modules      []learnerModuleJSON `json:"modules"`
	Certificates []certificateJSON   `json:"certificates"`
}

type learnerJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type learnerModuleJSON struct {
	ModuleID    string      `json:"module_id"`
	Status      string      `json:"status"`
	Version     string      `json:"version"`
	StartedAt   time.Time   `json:"started_at"`
	CompletedAt *time.Time  `json:"completed_at"`
	FailedAt    *time.Time  `json:"failed_at"`
	Scores      []scoreJSON `json:"scores"`
}

type scoreJSON struct {
	ObjectID string  `json:"object_id"`
	Scaled   float64 `json:"scaled"`
}

type certificateJSON struct {
	Code          string    `json:"code"`
	ModuleID      string    `json:"module_id"`
	ModuleTitle   string    `json:"module_title"`
	ModuleVersion string    `json:"module_version"`
	CEHours       float64   `json:"ce_hours"`
	CompletedAt   time.Time `json:"completed_at"`
	IssuedAt      time.Time `json:"issued_at"`
}

func newLearnerReportJSON(r *admin.LearnerReport) learnerReportJSON {
	out := learnerReportJSON{Learner: learnerJSON{ID: r.Learner.ID, Name: r.Learner.Name, Email: r.Learner.Email},
		CEHours: r.CEHours(), Modules: []learnerModuleJSON{}, Certificates: []certificateJSON{}}
	for _, m := range r.Modules {
		lm := learnerModuleJSON{ModuleID: m.ModuleID, Status: m.Status(), Version: m.CompletedVersion, StartedAt: m.StartedAt.UTC(),
			CompletedAt: utc(m.CompletedAt), FailedAt: utc(m.FailedAt), Scores: []scoreJSON{}}
		if lm.Version == "" {
			lm.Version = m.StartedVersion
		}
		for _, s := range m.Scores {
			if s.Scaled != nil {
				lm.Scores = append(lm.Scores, scoreJSON{ObjectID: s.ObjectID, Scaled: *s.Scaled})
			}
		}
		out.Modules = append(out.Modules, lm)
	}
	for _, c := range r.Certificates {
		out.Certificates = append(out.Certificates, certificateJSON{Code: c.Code, ModuleID: c.ModuleID, ModuleTitle: c.ModuleTitle,
			ModuleVersion: c.ModuleVersion, CEHours: c.CEHours, CompletedAt: c.CompletedAt.UTC(), IssuedAt: c.IssuedAt.UTC()})
	}
	return out
}

// completionJSON is one line of the completions stream: the CSV export's
// columns, with null rather than an empty cell for what is absent.
type completionJSON struct {
	LearnerID       string    `json:"learner_id"`
	Name            string    `json:"name"`
	Email           string    `json:"email"`
	ModuleID        string    `json:"module_id"`
	Version         string    `json:"version"`
	CompletedAt     time.Time `json:"completed_at"`
	Score           *float64  `json:"score"`
	CEHours         *float64  `json:"ce_hours"`
	CertificateCode *string   `json:"certificate_code"`
}

func newCompletionJSON(c *admin.Completion) completionJSON {
	out := completionJSON{LearnerID: c.LearnerID, Name: c.LearnerName, Email: c.LearnerEmail, ModuleID: c.ModuleID,
		Version: c.Version, CompletedAt: c.CompletedAt.UTC(), Score: c.Score}
	if c.CertificateCode != "" {
		hours, code := c.CEHours, c.CertificateCode
		out.CEHours, out.CertificateCode = &hours, &code
	}
	return out
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
