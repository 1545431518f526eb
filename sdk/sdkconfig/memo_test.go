package sdkconfig

import (
	"errors"
	"testing"
)

func TestMemo(t *testing.T) {
	var m Memo[string]
	calls := 0
	decode := func(raw []byte) (string, error) {
		calls++
		if string(raw) == "bad" {
			return "", errors.New("bad configuration")
		}
		return "decoded " + string(raw), nil
	}
	for range 3 {
		if v, err := m.Get([]byte("a"), decode); err != nil || v != "decoded a" {
			t.Fatalf("Get(a) = %q, %v", v, err)
		}
	}
	if calls != 1 {
		t.Errorf("decode called %d times for one configuration, want 1", calls)
	}
	for range 2 {
		if _, err := m.Get([]byte("bad"), decode); err == nil {
			t.Fatal("a bad configuration decoded")
		}
	}
	if calls != 3 {
		t.Errorf("decode called %d times, want a bad configuration decoded each time (not kept)", calls)
	}
}
