package authoring

import (
	"context"
	"os"
	"path/filepath"
	"strconv"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/admin"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/module"
)

// Host is the content types, which check each object's config and say
// which version of each a package needs: the plugin host.
type Host interface {
	module.Validator
	module.Describer
}

// Installer installs a package file as `lode import` does
// (module.Install) and returns the module as now served.
type Installer func(ctx context.Context, zipPath string) (*learning.Module, []module.Problem, error)

// Publish exports an approved draft as a package and installs it as a new
// version, the way an uploaded package is: learners midway keep the
// version they started. Reviewers and administrators only; ECONFLICT if
// the draft is not approved or has moved past from, or if its version is
// installed already; EINVALID with the problems if it does not check.
func (e *Editor) Publish(ctx context.Context, who Actor, moduleID string, from int, host Host, install Installer) (*learning.Module, []module.Problem, error) {
	if err := e.may(ctx, who, moduleID, admin.RoleReviewer, "publish its draft"); err != nil {
		return nil, nil, err
	}
	d, err := e.Store.Draft(ctx, moduleID)
	if err != nil {
		return nil, nil, err
	}
	if d.Revision != from {
		return nil, nil, StaleError(d)
	}
	if d.State != StateApproved {
		return nil, nil, engine.Errorf(engine.ECONFLICT, "the draft is %s: only an approved draft is published", d.State)
	}
	var m *learning.Module
	var problems []module.Problem
	err = inFolder(moduleID, d.Files, func(dir string) error {
		zipPath, errs, err := exportFolder(ctx, dir, host)
		if err != nil || zipPath == "" {
			problems = errs
			return err
		}
		defer os.Remove(zipPath)
		m, problems, err = install(ctx, zipPath)
		return err
	})
	if err != nil {
		return nil, problems, err
	}
	entry := e.Admins.Entry(who.Email, "module.publish", moduleID, map[string]string{"version": m.Version, "revision": strconv.Itoa(from + 1)})
	d.Revision, d.State, d.UpdatedBy, d.UpdatedAt = from+1, StatePublished, who.Email, entry.At
	return m, problems, e.Store.CommitDraft(ctx, d, from, "publish", entry)
}

// exportFolder checks the module folder dir and writes it as a package
// beside it; no path, and the problems, when it does not check.
func exportFolder(ctx context.Context, dir string, host Host) (string, []module.Problem, error) {
	m, problems := module.Load(ctx, dir, host)
	if m == nil {
		relative(problems, dir)
		return "", problems, engine.Errorf(engine.EINVALID, "the draft has problems (%d): fix them before publishing", len(problems))
	}
	zipPath := filepath.Join(filepath.Dir(dir), m.ID+".zip")
	f, err := os.Create(zipPath)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	if _, err := module.Export(ctx, m, host, f, nil); err != nil {
		return "", nil, err
	}
	return zipPath, nil, f.Close()
}
