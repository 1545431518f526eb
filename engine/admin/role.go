package admin

import (
	"slices"

	"github.com/lode-elearning/lode/engine"
)

// Role is what an administrator may do, site-wide or on one module
// (engine/authoring's grants). Each role may do what the ones before it
// in Roles may.
type Role string

// The roles, least first: authors write and submit drafts, reviewers
// comment, approve and publish, administrators also run the site.
const (
	RoleAuthor        Role = "author"
	RoleReviewer      Role = "reviewer"
	RoleAdministrator Role = "administrator"
)

// Roles are every role, least first.
var Roles = []Role{RoleAuthor, RoleReviewer, RoleAdministrator}

// ParseRole checks a role's name; EINVALID naming field otherwise.
func ParseRole(field, s string) (Role, error) {
	if r := Role(s); slices.Contains(Roles, r) {
		return r, nil
	}
	return "", engine.FieldError(field, "%q is not a role: use author, reviewer or administrator", s)
}

// AtLeast says whether r may do what want may. The empty role (none)
// may do nothing.
func (r Role) AtLeast(want Role) bool {
	return r != "" && slices.Index(Roles, r) >= slices.Index(Roles, want)
}

// Max is the greater of r and o.
func (r Role) Max(o Role) Role {
	if o.AtLeast(r) {
		return o
	}
	return r
}
