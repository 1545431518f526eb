// Package learning is the learner's side of Lode: modules and their
// objects, learners and their sessions, registrations and progress, and
// Delivery, which renders objects through their content types and records
// what learners do. The completion rule is in progress.go. It stores
// nothing itself: the stores it names are interfaces that engine/sqlite,
// engine/postgres, engine/inmem and engine/redis implement.
package learning

import (
	"encoding/json"
	"slices"
	"time"
)

// Module is a self-paced learning module: an ordered list of objects.
type Module struct {
	ID          string
	Title       string
	Description string
	Version     string
	CEHours     float64 // continuing-education hours awarded on completion
	License     string
	Language    string // BCP 47, default "en"
	Sequencing  string // SequencingFree ("" too) or SequencingLinear
	Objects     []Object
	Dir         string // folder it was loaded from; packaged media is served from it
	// Files are the files of Dir that the objects name (sorted, slash
	// paths): the only ones served, so that nothing else in the folder
	// (notes, sources, a stray page) is public.
	Files []string
	// Completion is when a learner has completed the module; the zero
	// value: every required object satisfied.
	Completion Completion
	// Topics are short subject labels the catalog filters by, as written.
	Topics []string
	// EstimatedMinutes is how long the module takes: module.yaml's, else
	// the sum of the objects' config.estimated_minutes; 0 when unknown.
	EstimatedMinutes int
	// Cover is the catalog image, a slash path among Files; "" for none.
	// CoverAlt is its text alternative, "" when it is decoration.
	Cover, CoverAlt string
	// Attribution says who made the module and from what (inline
	// Markdown): with License, the module's rights of use.
	Attribution string
	// EmbedOrigins are the sites allowed to show this module in a frame,
	// besides the server's embed_origins.
	EmbedOrigins []string
	// Competencies are the ids, in the site's competency framework, of
	// what the module as a whole develops; objects may name more.
	Competencies []string
}

// AllCompetencies are the module's competencies and its objects', each
// once, in the order first named.
func (m *Module) AllCompetencies() []string {
	var out []string
	add := func(ids []string) {
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	add(m.Competencies)
	for _, o := range m.Objects {
		add(o.Competencies)
	}
	return out
}

// Object is one learning object in a module, delivered by the content type
// (plugin) named by Type.
type Object struct {
	ID       string
	Type     string
	Title    string
	Required bool            // counts toward module completion
	Config   json.RawMessage // handed to the plugin as is
	// TypeVersion is the major version of the content type Config was
	// written for (module.yaml's type_version); 0 means its current version.
	// The plugin upgrades an older config itself (sdk.Upgrader).
	TypeVersion int
	// Competencies are ids in the site's competency framework that this
	// object develops.
	Competencies []string
}

// ObjectIndex returns the position of the object with the given id, or -1.
func (m *Module) ObjectIndex(id string) int {
	for i, o := range m.Objects {
		if o.ID == id {
			return i
		}
	}
	return -1
}

// Learner is a person taking modules. A learner starts anonymous and may
// give a name and email later.
type Learner struct {
	ID        string // opaque, random; also the xAPI account name
	Name      string
	Email     string
	CreatedAt time.Time
	UpdatedAt time.Time
	// CookieGeneration counts the learner's sign-outs: a learner cookie
	// restores the learner only if it was issued in the current
	// generation, so that after signing out a cookie issued before
	// (copied, or left on a shared computer) no longer does.
	CookieGeneration int64
	// EmailVerifiedAt is when the learner proved Email is theirs by a
	// sign-in link; nil for an email only typed on the profile. A verified
	// email names one learner: the account signing in reaches.
	EmailVerifiedAt *time.Time
	// MergedInto is the learner whose account this one's progress was
	// merged into when they signed in; "" for a learner in their own right.
	MergedInto string
}

// Session ties a browser to a learner. Sessions can be lost at any time
// (Redis flushed): nothing but the tie to the learner lives in them.
type Session struct {
	ID        string // random, secret: the cookie value
	LearnerID string
	CSRFToken string // required on every state-changing request
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Registration is one learner's attempt at one module: the xAPI
// registration that groups its statements.
type Registration struct {
	ID            string // UUID
	LearnerID     string
	ModuleID      string
	CurrentObject string // the object the learner was last on, to resume
	StartedAt     time.Time
	UpdatedAt     time.Time
	CompletedAt   *time.Time
	// StartedVersion is the module's version when the learner started it,
	// CompletedVersion the one they completed: a module may be edited
	// while a learner is midway, and a certificate names the version
	// completed.
	StartedVersion   string
	CompletedVersion string
	// FailedAt is when a mastery score was missed for good (cmi5 failed);
	// nil otherwise.
	FailedAt *time.Time
}

// ObjectState is a learner's state and result for one object within a
// registration. Version guards against lost updates from two tabs.
type ObjectState struct {
	RegistrationID string
	ObjectID       string
	State          json.RawMessage // the plugin's learner state
	Completed      bool
	Success        *bool
	Scaled         *float64
	Version        int64 // 0 for a state never stored
	UpdatedAt      time.Time
}
