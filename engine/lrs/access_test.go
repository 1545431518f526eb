package lrs

import (
	"testing"

	"github.com/lode-elearning/lode/sdk/xapi"
)

func TestCallerMayRead(t *testing.T) {
	me := xapi.Agent{Account: &xapi.Account{HomePage: "https://lode.example", Name: "learner-42"}}
	other := xapi.Agent{Mbox: "mailto:someone@library.example"}
	client := xapi.Agent{Account: &xapi.Account{HomePage: "https://lode.example", Name: "key-1"}}
	stmt := func(actor xapi.Agent, object xapi.Object, authority *xapi.Agent) *xapi.Statement {
		return &xapi.Statement{Actor: actor, Object: object, Authority: authority}
	}
	activity := xapi.Object{ID: "https://lode.example/a"}
	tests := []struct {
		name   string
		caller Caller
		st     *xapi.Statement
		want   bool
	}{
		{"unrestricted", ClientCaller(nil, client, false), stmt(other, activity, nil), true},
		{"trusted", Trusted(), stmt(other, activity, nil), true},
		{"nobody", Caller{}, stmt(other, activity, nil), false},
		{"learner, own", LearnerCaller(me), stmt(me, activity, nil), true},
		{"learner, about them", LearnerCaller(me), stmt(other, xapi.ObjectOf(me), nil), true},
		{"learner, someone else's", LearnerCaller(me), stmt(other, activity, nil), false},
		{"learner, in the group", LearnerCaller(me), stmt(xapi.Agent{ObjectType: "Group", Member: []xapi.Agent{other, me}}, activity, nil), true},
		{"mine, stored by it", ClientCaller(nil, client, true), stmt(other, activity, &client), true},
		{"mine, stored by another", ClientCaller(nil, client, true), stmt(other, activity, &other), false},
		{"mine, no authority", ClientCaller(nil, client, true), stmt(other, activity, nil), false},
	}
	for _, tt := range tests {
		if got := tt.caller.mayRead(tt.st); got != tt.want {
			t.Errorf("%s: mayRead = %v, want %v", tt.name, got, tt.want)
		}
	}
}
