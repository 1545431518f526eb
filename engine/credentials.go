package engine

// Credentials manages LRS clients: HTTP Basic key/secret pairs, stored
// hashed, with scopes and an authority. (Being built: see the LRS issue.)
type Credentials struct{}
