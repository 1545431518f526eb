package engine

// Documents is the service behind the xAPI document resources: State,
// Activity Profile and Agent Profile. (Being built: see the LRS issue.)
type Documents struct{}
