package metrics

import (
	"context"
	"time"

	"github.com/lode-elearning/lode/engine/lrs"
)

type credentialStore struct {
	next lrs.CredentialStore
	call
}

func (s *credentialStore) CreateLRSClient(ctx context.Context, c *lrs.StoredClient) (err error) {
	defer s.done("CreateLRSClient", time.Now(), &err)
	return s.next.CreateLRSClient(ctx, c)
}

func (s *credentialStore) Client(ctx context.Context, key string) (_ *lrs.StoredClient, err error) {
	defer s.done("Client", time.Now(), &err)
	return s.next.Client(ctx, key)
}

func (s *credentialStore) LRSClients(ctx context.Context) (_ []lrs.Client, err error) {
	defer s.done("LRSClients", time.Now(), &err)
	return s.next.LRSClients(ctx)
}

func (s *credentialStore) RevokeLRSClient(ctx context.Context, key string, t time.Time) (err error) {
	defer s.done("RevokeLRSClient", time.Now(), &err)
	return s.next.RevokeLRSClient(ctx, key, t)
}

func (s *credentialStore) TouchLRSClient(ctx context.Context, key string, t time.Time) (err error) {
	defer s.done("TouchLRSClient", time.Now(), &err)
	return s.next.TouchLRSClient(ctx, key, t)
}
