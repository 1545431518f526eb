package sqlite

import (
	"context"
	"encoding/json"

	"github.com/lode-elearning/lode/engine/sqlstore"
)

// ActivityDefinitions returns the definitions stored statements give the
// activity, as their object or a context activity, oldest first: at most
// the sqlstore.MaxDefinitions most recent.
func (db *DB) ActivityDefinitions(ctx context.Context, activityID string) ([]json.RawMessage, error) {
	// json_tree finds the activity wherever the statement has it; the
	// path of its "id" is the path of the activity object.
	const q = `SELECT json_extract(s.statement, t.path || '.definition')
		FROM statement_activities a
		JOIN statements s ON s.id = a.statement_id
		JOIN json_tree(s.statement) t
		WHERE a.activity_id = ? AND t.key = 'id' AND t.atom = a.activity_id
			AND json_type(s.statement, t.path || '.definition') = 'object'
		ORDER BY s.stored DESC, s.seq DESC
		LIMIT ?`
	var defs []string
	if err := db.read.SelectContext(ctx, &defs, q, activityID, sqlstore.MaxDefinitions); err != nil {
		return nil, dbError(err, "read the definitions of activity "+activityID)
	}
	return sqlstore.OldestFirst(defs), nil
}

// AgentNames returns the names stored statements give the actor with this
// IFI, most recently used first.
func (db *DB) AgentNames(ctx context.Context, ifi string) ([]string, error) {
	const q = `SELECT json_extract(statement, '$.actor.name') AS name
		FROM statements
		WHERE actor_ifi = ? AND json_type(statement, '$.actor.name') = 'text'
		GROUP BY name ORDER BY MAX(stored) DESC LIMIT ?`
	var names []string
	if err := db.read.SelectContext(ctx, &names, q, ifi, sqlstore.MaxNames); err != nil {
		return nil, dbError(err, "read the names of agent "+ifi)
	}
	return names, nil
}
