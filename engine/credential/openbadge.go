package credential

// The Open Badges 3.0 data model (1EdTech, https://www.imsglobal.org/spec/ob/v3p0/)
// as far as Lode's certificates use it: wire types only, built from a
// Certificate by Issuer.Credential.

// Contexts of an OpenBadgeCredential: the W3C Verifiable Credentials 2.0
// context, then Open Badges 3.0's.
var Contexts = []string{
	"https://www.w3.org/ns/credentials/v2",
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
}

// OpenBadgeCredential is an Open Badges 3.0 credential: a W3C Verifiable
// Credential saying that its subject achieved something.
type OpenBadgeCredential struct {
	Context           []string           `json:"@context"`
	ID                string             `json:"id"`
	Type              []string           `json:"type"`
	Name              string             `json:"name"`
	Issuer            Profile            `json:"issuer"`
	ValidFrom         string             `json:"validFrom"` // RFC 3339
	CredentialSubject AchievementSubject `json:"credentialSubject"`
}

// Profile is an issuer's profile, published at its id.
type Profile struct {
	Context []string `json:"@context,omitempty"` // only when published alone
	ID      string   `json:"id"`
	Type    []string `json:"type"`
	Name    string   `json:"name"`
	URL     string   `json:"url,omitempty"`
}

// AchievementSubject is who achieved what. A learner has no identifier
// of their own that a verifier could resolve, so they are named by an
// unhashed IdentityObject of type "name", as on the printed certificate.
type AchievementSubject struct {
	Type            []string         `json:"type"`
	Identifier      []IdentityObject `json:"identifier"`
	Achievement     Achievement      `json:"achievement"`
	ActivityEndDate string           `json:"activityEndDate"` // when the module was completed
	CreditsEarned   float64          `json:"creditsEarned"`   // CE hours
}

// IdentityObject names the recipient.
type IdentityObject struct {
	Type         string `json:"type"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Hashed       bool   `json:"hashed"`
}

// Achievement is the completed module, in the version completed.
type Achievement struct {
	ID               string   `json:"id"`
	Type             []string `json:"type"`
	AchievementType  string   `json:"achievementType"`
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	Criteria         Criteria `json:"criteria"`
	Version          string   `json:"version,omitempty"`
	CreditsAvailable float64  `json:"creditsAvailable"`
	FieldOfStudy     string   `json:"fieldOfStudy,omitempty"`
}

// Criteria says how the achievement is earned.
type Criteria struct {
	Narrative string `json:"narrative"`
}
