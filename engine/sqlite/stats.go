package sqlite

import "database/sql"

// Stats reports the use of the database's connection pools together, for
// metrics: the one connection every write queues for (WaitCount counts the
// writes that queued) and the few that reads share. An in-memory database
// has the one connection only.
func (db *DB) Stats() sql.DBStats {
	s := db.write.Stats()
	if db.read == db.write {
		return s
	}
	r := db.read.Stats()
	s.MaxOpenConnections += r.MaxOpenConnections
	s.OpenConnections += r.OpenConnections
	s.InUse += r.InUse
	s.Idle += r.Idle
	s.WaitCount += r.WaitCount
	s.WaitDuration += r.WaitDuration
	s.MaxIdleClosed += r.MaxIdleClosed
	s.MaxIdleTimeClosed += r.MaxIdleTimeClosed
	s.MaxLifetimeClosed += r.MaxLifetimeClosed
	return s
}
