package sqlstore

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/credential"
)

type certificateRow struct {
	Code           string  `db:"code"`
	RegistrationID string  `db:"registration_id"`
	LearnerID      string  `db:"learner_id"`
	LearnerName    string  `db:"learner_name"`
	ModuleID       string  `db:"module_id"`
	ModuleTitle    string  `db:"module_title"`
	ModuleVersion  string  `db:"module_version"`
	CEHours        float64 `db:"ce_hours"`
	CompletedAt    Time    `db:"completed_at"`
	IssuedAt       Time    `db:"issued_at"`
}

func (r *certificateRow) certificate() *credential.Certificate {
	return &credential.Certificate{
		Code: r.Code, RegistrationID: r.RegistrationID, LearnerID: r.LearnerID, LearnerName: r.LearnerName,
		ModuleID: r.ModuleID, ModuleTitle: r.ModuleTitle, ModuleVersion: r.ModuleVersion, CEHours: r.CEHours,
		CompletedAt: r.CompletedAt.Time, IssuedAt: r.IssuedAt.Time,
	}
}

const certificateColumns = `code, registration_id, learner_id, learner_name, module_id, module_title, module_version,
	ce_hours, completed_at, issued_at`

// IssueCertificate stores c unless its registration has a certificate,
// and returns the registration's certificate either way. EINVALID if c
// is not valid; ENOTFOUND if its registration or learner does not exist;
// ECONFLICT if its code is another certificate's.
func (s *Store) IssueCertificate(ctx context.Context, c *credential.Certificate) (*credential.Certificate, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	reg, ok := storedRegistrationID(c.RegistrationID)
	if !ok {
		return nil, registrationNotFound(c.RegistrationID)
	}
	code, _ := credential.NormalizeCode(c.Code)
	var got *credential.Certificate
	err := s.withTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.registrationExists(ctx, tx, reg); err != nil {
			return err
		}
		if err := s.learnerExists(ctx, tx, c.LearnerID); err != nil {
			return err
		}
		// Of two at once for one registration, the second waits for the
		// first to commit, then does nothing; the select sees the first.
		const q = `INSERT INTO certificates (code_sha256, ` + certificateColumns + `)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), credential.CodeHash(code), code, reg, c.LearnerID, c.LearnerName,
			c.ModuleID, c.ModuleTitle, c.ModuleVersion, c.CEHours, s.d.Time(Round(c.CompletedAt)), s.d.Time(Round(c.IssuedAt))); err != nil {
			return s.d.Error(err, "issue a certificate")
		}
		var row certificateRow
		const sel = `SELECT ` + certificateColumns + ` FROM certificates WHERE registration_id = ?`
		if err := tx.GetContext(ctx, &row, tx.Rebind(sel), reg); NotFound(err) {
			return engine.Errorf(engine.ECONFLICT, "certificate code %s is taken", code)
		} else if err != nil {
			return s.d.Error(err, "read the certificate of registration "+reg)
		}
		got = row.certificate()
		return nil
	})
	return got, err
}

// CertificateByCode returns the certificate with the code; ENOTFOUND if
// there is none.
func (s *Store) CertificateByCode(ctx context.Context, code string) (*credential.Certificate, error) {
	var row certificateRow
	const q = `SELECT ` + certificateColumns + ` FROM certificates WHERE code_sha256 = ?`
	if err := s.read.GetContext(ctx, &row, s.read.Rebind(q), credential.CodeHash(code)); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "no certificate has this code")
	} else if err != nil {
		return nil, s.d.Error(err, "read a certificate")
	}
	return row.certificate(), nil
}

// LearnerCertificates returns the learner's certificates, oldest first.
func (s *Store) LearnerCertificates(ctx context.Context, learnerID string) ([]credential.Certificate, error) {
	var rows []certificateRow
	const q = `SELECT ` + certificateColumns + ` FROM certificates WHERE learner_id = ? ORDER BY issued_at, code`
	if err := s.read.SelectContext(ctx, &rows, s.read.Rebind(q), learnerID); err != nil {
		return nil, s.d.Error(err, "read the certificates of learner "+learnerID)
	}
	out := make([]credential.Certificate, len(rows))
	for i := range rows {
		out[i] = *rows[i].certificate()
	}
	return out, nil
}
