// Package module loads learning modules from folders on disk.
//
// A module is a folder holding module.yaml plus the Markdown and media files
// it uses. Loading checks everything an author can get wrong (YAML syntax,
// unknown or misspelt fields, ids, versions, !file paths) and asks each
// object's content type to check its config, and reports every problem with
// the file and line to fix, the way a compiler does.
package module

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/lode-elearning/lode/engine/learning"
	"gopkg.in/yaml.v3"
)

// FileName is the name of the file that makes a folder a module.
const FileName = "module.yaml"

// Load loads the module in dir. It returns the module, or nil when there is
// any problem that is not a warning, and every problem found, ordered by
// line. Problems name module.yaml under dir as given (not made absolute),
// so they read like the command line the operator typed; Module.Dir is
// absolute.
//
// v checks each object's config with its content type; nil skips those
// checks, leaving only the module's own structure checked.
func Load(ctx context.Context, dir string, v Validator) (*learning.Module, []Problem) {
	m, _, problems := load(ctx, dir, v)
	return m, problems
}

// load is Load, also returning where the module's id was written, which
// LoadAll needs to report a duplicate.
func load(ctx context.Context, dir string, v Validator) (*learning.Module, *yaml.Node, []Problem) {
	file := filepath.Join(dir, FileName)
	fail := func(err error) (*learning.Module, *yaml.Node, []Problem) {
		return nil, nil, []Problem{{File: file, Message: err.Error()}}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fail(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fail(errors.New("cannot open the module folder (" + cause(err) + ")"))
	}
	defer root.Close()
	data, err := readLocal(root, FileName)
	if err != nil {
		return fail(err)
	}
	doc, problem := parse(file, []byte(data))
	if problem != nil {
		return nil, nil, []Problem{*problem}
	}
	fw, _ := frameworkNear(dir) // its own problems are the content folder's, reported by LoadAll
	d := &decoder{file: file, root: root, fw: fw}
	m, srcs, idNode := d.module(doc)
	m.Dir = abs
	m.Files = d.files(root, m, srcs)
	if v != nil {
		d.check(ctx, v, m, srcs)
	}
	sortProblems(d.problems)
	if hasErrors(d.problems) {
		return nil, idNode, d.problems
	}
	return m, idNode, d.problems
}

// parse reads the single YAML document of a module.yaml and returns its
// top-level node.
func parse(file string, data []byte) (*yaml.Node, *Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, extra yaml.Node
	err := dec.Decode(&doc)
	switch {
	case errors.Is(err, io.EOF):
		return nil, &Problem{File: file, Line: 1, Message: "the file is empty; a module needs at least an id, a title, a version and objects"}
	case err != nil:
		p := syntaxProblem(file, err)
		return nil, &p
	}
	// A stray "---" would silently hide everything after it.
	if err := dec.Decode(&extra); err == nil {
		return nil, &Problem{File: file, Line: extra.Line, Message: "a second YAML document starts here (after ---); module.yaml holds exactly one"}
	} else if !errors.Is(err, io.EOF) {
		p := syntaxProblem(file, err)
		return nil, &p
	}
	return doc.Content[0], nil
}
