package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"

	"github.com/lode-elearning/lode/engine"
)

// dbError turns a database error into an *engine.Error: EUNAVAILABLE when
// PostgreSQL cannot be reached or asks to be retried (restart, failover,
// overload, deadlock), EINTERNAL otherwise. An *engine.Error passes through.
func dbError(err error, doing string) error {
	var e *engine.Error
	if errors.As(err, &e) {
		return err
	}
	if transient(err) {
		return &engine.Error{Code: engine.EUNAVAILABLE, Message: "the database is unavailable: cannot " + doing, Err: err}
	}
	return &engine.Error{Code: engine.EINTERNAL, Message: "postgres: cannot " + doing, Err: err}
}

// transient reports whether err means "try again later" rather than a bug.
func transient(err error) bool {
	for _, target := range []error{context.Canceled, context.DeadlineExceeded, driver.ErrBadConn, sql.ErrConnDone,
		io.EOF, io.ErrUnexpectedEOF, syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.EPIPE} {
		if errors.Is(err, target) {
			return true
		}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	pe := pq.As(err)
	if pe == nil {
		return false
	}
	switch pe.Code.Class() {
	case "08", // connection exception
		"53", // insufficient resources: too many connections, disk full
		"57", // operator intervention: shutdown, cannot connect now, statement timeout
		"58": // system error: I/O
		return true
	}
	switch pe.Code {
	case pqerror.TRSerializationFailure, pqerror.TRDeadlockDetected, pqerror.ReadOnlySQLTransaction, pqerror.LockNotAvailable:
		return true
	}
	return pe.Fatal()
}
