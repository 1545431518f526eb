package sqlstore

import "encoding/json"

// MaxDefinitions bounds how many statements' definitions of one activity
// are merged: the most recent ones say what it is now.
const MaxDefinitions = 500

// MaxNames bounds the names returned for one agent.
const MaxNames = 20

// OldestFirst turns definitions read newest first (so that LIMIT keeps the
// latest) into the order they are merged in: oldest first, so the newest
// wins.
func OldestFirst[T ~string | ~[]byte](defs []T) []json.RawMessage {
	out := make([]json.RawMessage, len(defs))
	for i, d := range defs {
		out[len(defs)-1-i] = json.RawMessage(d)
	}
	return out
}
