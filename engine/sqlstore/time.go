package sqlstore

import (
	"fmt"
	"time"
)

// Time reads a time column, which SQLite keeps as integer Unix
// nanoseconds and PostgreSQL as timestamptz, as UTC.
type Time struct{ time.Time }

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	switch v := v.(type) {
	case int64:
		t.Time = time.Unix(0, v).UTC()
	case time.Time:
		t.Time = v.UTC()
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a time", v)
	}
	return nil
}

// NullTime reads a time column that may be NULL, as Time does.
type NullTime struct{ T *time.Time }

// Scan implements sql.Scanner.
func (t *NullTime) Scan(v any) error {
	if v == nil {
		t.T = nil
		return nil
	}
	var u Time
	if err := u.Scan(v); err != nil {
		return err
	}
	t.T = &u.Time
	return nil
}

// nullTime is t (nil for NULL) as a time column's argument.
func (s *Store) nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return s.d.Time(Round(*t))
}
