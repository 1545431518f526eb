package metrics

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/credential"
)

type certificateStore struct {
	next credential.Store
	call
}

func (s *certificateStore) IssueCertificate(ctx context.Context, c *credential.Certificate) (_ *credential.Certificate, err error) {
	defer s.done("IssueCertificate", time.Now(), &err)
	return s.next.IssueCertificate(ctx, c)
}

func (s *certificateStore) CertificateByCode(ctx context.Context, code string) (_ *credential.Certificate, err error) {
	defer s.done("CertificateByCode", time.Now(), &err)
	return s.next.CertificateByCode(ctx, code)
}

func (s *certificateStore) LearnerCertificates(ctx context.Context, learnerID string) (_ []credential.Certificate, err error) {
	defer s.done("LearnerCertificates", time.Now(), &err)
	return s.next.LearnerCertificates(ctx, learnerID)
}
