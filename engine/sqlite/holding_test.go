package sqlite

import (
	"context"
	"fmt"
	"slices"
)

// holding is storetest.Holding for SQLite: every column of every table
// (sqlite_master, pragma table_info), searched as text, so that a blob or
// JSON holding the text is found too.
func (db *DB) holding(ctx context.Context, text string) ([]string, error) {
	var tables []string
	if err := db.read.SelectContext(ctx, &tables, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`); err != nil {
		return nil, err
	}
	var found []string
	for _, table := range tables {
		var cols []string
		if err := db.read.SelectContext(ctx, &cols, `SELECT name FROM pragma_table_info(?)`, table); err != nil {
			return nil, err
		}
		for _, col := range cols {
			var n int
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE instr(CAST(%q AS TEXT), ?) > 0`, table, col)
			if err := db.read.GetContext(ctx, &n, q, text); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", table, col, err)
			}
			if n > 0 {
				found = append(found, table+"."+col)
			}
		}
	}
	slices.Sort(found)
	return found, nil
}
