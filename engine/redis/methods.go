package redis

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// CreateSession stores a new session, expiring at ss.ExpiresAt. EINVALID
// without an id or learner or if it has already expired; ECONFLICT if the id
// is taken.
//
// The session joins its learner's set before it exists, so that no live
// session is ever missing from the set DeleteLearnerSessions reads.
func (s *SessionStore) CreateSession(ctx context.Context, ss *learning.Session) error {
	if err := ss.Validate(s.now()); err != nil {
		return err
	}
	b, err := json.Marshal(sessionValue{LearnerID: ss.LearnerID, CSRFToken: ss.CSRFToken,
		CreatedAt: ss.CreatedAt, ExpiresAt: ss.ExpiresAt})
	if err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "redis: cannot encode session", Err: err}
	}
	if err := s.join(ctx, ss.LearnerID, ss.ID, ss.ExpiresAt); err != nil {
		return err
	}
	err = s.client.SetArgs(ctx, s.sessionKey(ss.ID), b, goredis.SetArgs{Mode: "NX", ExpireAt: ss.ExpiresAt}).Err()
	if errors.Is(err, goredis.Nil) {
		// Leave the id in the set only if the session is the learner's.
		if v, err := s.get(ctx, ss.ID); err == nil && v.LearnerID != ss.LearnerID {
			s.client.SRem(ctx, s.learnerKey(ss.LearnerID), member(ss.ID))
		}
		return engine.Errorf(engine.ECONFLICT, "session id is taken")
	} else if err != nil {
		return redisError(err, "create session")
	}
	return nil
}

// join adds a session to its learner's set and makes the set live at least
// as long as the session: PEXPIREAT NX sets an expiry on a new set, GT only
// ever extends it.
func (s *SessionStore) join(ctx context.Context, learnerID, id string, expiresAt time.Time) error {
	key, ms := s.learnerKey(learnerID), expiresAt.UnixMilli()
	_, err := s.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.SAdd(ctx, key, member(id))
		p.Do(ctx, "PEXPIREAT", key, ms, "NX")
		p.Do(ctx, "PEXPIREAT", key, ms, "GT")
		return nil
	})
	if err != nil {
		return redisError(err, "record session of learner "+learnerID)
	}
	return nil
}

// Session returns a live session; ENOTFOUND if absent or expired.
func (s *SessionStore) Session(ctx context.Context, id string) (*learning.Session, error) {
	v, err := s.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &learning.Session{ID: id, LearnerID: v.LearnerID, CSRFToken: v.CSRFToken,
		CreatedAt: v.CreatedAt, ExpiresAt: v.ExpiresAt}, nil
}

func (s *SessionStore) get(ctx context.Context, id string) (*sessionValue, error) {
	b, err := s.client.Get(ctx, s.sessionKey(id)).Bytes()
	if errors.Is(err, goredis.Nil) {
		return nil, sessionGone()
	} else if err != nil {
		return nil, redisError(err, "read session")
	}
	var v sessionValue
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, &engine.Error{Code: engine.EINTERNAL, Message: "redis: a stored session is not valid", Err: err}
	}
	// Redis expires the key in its own time; do not trust a clock that lags.
	if !s.now().Before(v.ExpiresAt) {
		return nil, sessionGone()
	}
	return &v, nil
}

// TouchSession moves a live session's expiry to expiresAt (sliding expiry);
// ENOTFOUND if absent or expired.
func (s *SessionStore) TouchSession(ctx context.Context, id string, expiresAt time.Time) error {
	v, err := s.get(ctx, id)
	if err != nil {
		return err
	}
	v.ExpiresAt = expiresAt
	b, err := json.Marshal(v)
	if err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "redis: cannot encode session", Err: err}
	}
	if err := s.join(ctx, v.LearnerID, id, expiresAt); err != nil {
		return err
	}
	// XX: a session deleted since it was read stays deleted.
	err = s.client.SetArgs(ctx, s.sessionKey(id), b, goredis.SetArgs{Mode: "XX", ExpireAt: expiresAt}).Err()
	if errors.Is(err, goredis.Nil) {
		return sessionGone()
	} else if err != nil {
		return redisError(err, "touch session")
	}
	return nil
}

// DeleteSession ends one session. Deleting an absent session is not an error.
func (s *SessionStore) DeleteSession(ctx context.Context, id string) error {
	key := s.sessionKey(id)
	b, err := s.client.Get(ctx, key).Bytes()
	if errors.Is(err, goredis.Nil) {
		return nil
	} else if err != nil {
		return redisError(err, "delete session")
	}
	var v sessionValue
	_ = json.Unmarshal(b, &v) // a session we cannot read is deleted all the same
	_, err = s.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.Del(ctx, key)
		if v.LearnerID != "" {
			p.SRem(ctx, s.learnerKey(v.LearnerID), member(id))
		}
		return nil
	})
	if err != nil {
		return redisError(err, "delete session")
	}
	return nil
}

// DeleteLearnerSessions ends every session of a learner (log out
// everywhere). A session being created at the same moment may survive.
func (s *SessionStore) DeleteLearnerSessions(ctx context.Context, learnerID string) error {
	set := s.learnerKey(learnerID)
	members, err := s.client.SMembers(ctx, set).Result()
	if err != nil {
		return redisError(err, "list sessions of learner "+learnerID)
	} else if len(members) == 0 {
		return nil
	}
	_, err = s.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		for _, m := range members {
			p.Del(ctx, s.prefix+"session:"+m)
		}
		p.SRem(ctx, set, toAny(members)...)
		return nil
	})
	if err != nil {
		return redisError(err, "delete sessions of learner "+learnerID)
	}
	return nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
