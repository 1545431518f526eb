package sdk

// Verbs that content types use. ADL and cmi5 verbs are understood by every
// xAPI reporting tool; the video verbs come from the xAPI video profile.
var (
	VerbAnswered    = Verb{ID: "http://adlnet.gov/expapi/verbs/answered", Display: map[string]string{"en-US": "answered"}}
	VerbCompleted   = Verb{ID: "http://adlnet.gov/expapi/verbs/completed", Display: map[string]string{"en-US": "completed"}}
	VerbPassed      = Verb{ID: "http://adlnet.gov/expapi/verbs/passed", Display: map[string]string{"en-US": "passed"}}
	VerbFailed      = Verb{ID: "http://adlnet.gov/expapi/verbs/failed", Display: map[string]string{"en-US": "failed"}}
	VerbExperienced = Verb{ID: "http://adlnet.gov/expapi/verbs/experienced", Display: map[string]string{"en-US": "experienced"}}
	VerbInteracted  = Verb{ID: "http://adlnet.gov/expapi/verbs/interacted", Display: map[string]string{"en-US": "interacted"}}
	VerbInitialized = Verb{ID: "http://adlnet.gov/expapi/verbs/initialized", Display: map[string]string{"en-US": "initialized"}}
	VerbPlayed      = Verb{ID: "https://w3id.org/xapi/video/verbs/played", Display: map[string]string{"en-US": "played"}}
	VerbPaused      = Verb{ID: "https://w3id.org/xapi/video/verbs/paused", Display: map[string]string{"en-US": "paused"}}
	VerbSeeked      = Verb{ID: "https://w3id.org/xapi/video/verbs/seeked", Display: map[string]string{"en-US": "seeked"}}
)

// Activity types.
const (
	ActivityAssessment  = "http://adlnet.gov/expapi/activities/assessment"
	ActivityInteraction = "http://adlnet.gov/expapi/activities/cmi.interaction"
	ActivityVideo       = "https://w3id.org/xapi/video/activity-type/video"
	ActivityLesson      = "http://adlnet.gov/expapi/activities/lesson"
	ActivityChecklist   = "http://adlnet.gov/expapi/activities/lesson"
	ActivityModule      = "http://adlnet.gov/expapi/activities/module"
)
