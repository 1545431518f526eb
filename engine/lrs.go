package engine

// LRS is the xAPI Learning Record Store service behind /xapi: it stores,
// voids and queries statements with the rules of xAPI 1.0.3 and 2.0.
// (Being built: see the LRS issue.)
type LRS struct {
	Statements StatementStore
	BaseURL    string
}
