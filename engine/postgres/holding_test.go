package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/lib/pq"
)

// holding is storetest.Holding for PostgreSQL: every column of every table
// of the schema (information_schema.columns), searched as text; bytea is
// searched for the text's UTF-8 bytes, since its text form is hex.
func (db *DB) holding(ctx context.Context, text string) ([]string, error) {
	var cols []struct {
		Table string `db:"table_name"`
		Col   string `db:"column_name"`
		Type  string `db:"data_type"`
	}
	const q = `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`
	if err := db.db.SelectContext(ctx, &cols, q); err != nil {
		return nil, err
	}
	var found []string
	for _, c := range cols {
		where := fmt.Sprintf(`strpos(CAST(%s AS text), $1) > 0`, pq.QuoteIdentifier(c.Col))
		if c.Type == "bytea" {
			where = fmt.Sprintf(`position(convert_to($1, 'UTF8') in %s) > 0`, pq.QuoteIdentifier(c.Col))
		}
		var n int
		q := fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s`, pq.QuoteIdentifier(c.Table), where)
		if err := db.db.GetContext(ctx, &n, q, text); err != nil {
			return nil, fmt.Errorf("%s.%s: %w", c.Table, c.Col, err)
		}
		if n > 0 {
			found = append(found, c.Table+"."+c.Col)
		}
	}
	slices.Sort(found)
	return found, nil
}
