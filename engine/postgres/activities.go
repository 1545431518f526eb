package postgres

import (
	"context"
	"encoding/json"
	"slices"
)

// maxDefinitions bounds how many statements' definitions of one activity
// are merged: the most recent ones say what it is now.
const maxDefinitions = 500

// definitionPath finds the definition of the activity $id wherever a
// statement has it (object, context activities, sub-statement). Strict
// mode, because lax mode makes .** visit array elements twice.
const definitionPath = `strict $.** ? (@.id == $id && @.definition.type() == "object").definition`

// ActivityDefinitions returns the definitions stored statements give the
// activity, as their object or a context activity, oldest first: those of
// the maxDefinitions most recent statements about it.
func (db *DB) ActivityDefinitions(ctx context.Context, activityID string) ([]json.RawMessage, error) {
	const q = `SELECT jsonb_path_query(s.statement, '` + definitionPath + `', jsonb_build_object('id', $1::text))
		FROM (
			SELECT statement, stored, seq FROM statements
			WHERE activities @> ARRAY[$1::text]
			ORDER BY stored DESC, seq DESC
			LIMIT $2
		) s
		ORDER BY s.stored DESC, s.seq DESC`
	var defs [][]byte
	if err := db.db.SelectContext(ctx, &defs, q, activityID, maxDefinitions); err != nil {
		return nil, dbError(err, "read the definitions of activity "+activityID)
	}
	out := make([]json.RawMessage, len(defs))
	for i, d := range defs {
		out[i] = json.RawMessage(d)
	}
	slices.Reverse(out)
	return out, nil
}

// maxNames bounds the names returned for one agent.
const maxNames = 20

// AgentNames returns the names stored statements give the actor with this
// IFI, most recently used first.
func (db *DB) AgentNames(ctx context.Context, ifi string) ([]string, error) {
	const q = `SELECT statement->'actor'->>'name' AS name
		FROM statements
		WHERE actor_ifi = $1 AND jsonb_typeof(statement->'actor'->'name') = 'string'
		GROUP BY 1 ORDER BY MAX(stored) DESC LIMIT $2`
	var names []string
	if err := db.db.SelectContext(ctx, &names, q, ifi, maxNames); err != nil {
		return nil, dbError(err, "read the names of agent "+ifi)
	}
	return names, nil
}
