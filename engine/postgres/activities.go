package postgres

import (
	"context"
	"encoding/json"

	"github.com/lode-elearning/lode/engine/sqlstore"
)

// definitionPath finds the definition of the activity $id wherever a
// statement has it (object, context activities, sub-statement). Strict
// mode, because lax mode makes .** visit array elements twice.
const definitionPath = `strict $.** ? (@.id == $id && @.definition.type() == "object").definition`

// ActivityDefinitions returns the definitions stored statements give the
// activity, as their object or a context activity, oldest first: those of
// the sqlstore.MaxDefinitions most recent statements about it.
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
	if err := db.db.SelectContext(ctx, &defs, q, activityID, sqlstore.MaxDefinitions); err != nil {
		return nil, dbError(err, "read the definitions of activity "+activityID)
	}
	return sqlstore.OldestFirst(defs), nil
}

// AgentNames returns the names stored statements give the actor with this
// IFI, most recently used first.
func (db *DB) AgentNames(ctx context.Context, ifi string) ([]string, error) {
	const q = `SELECT statement->'actor'->>'name' AS name
		FROM statements
		WHERE actor_ifi = $1 AND jsonb_typeof(statement->'actor'->'name') = 'string'
		GROUP BY 1 ORDER BY MAX(stored) DESC LIMIT $2`
	var names []string
	if err := db.db.SelectContext(ctx, &names, q, ifi, sqlstore.MaxNames); err != nil {
		return nil, dbError(err, "read the names of agent "+ifi)
	}
	return names, nil
}
