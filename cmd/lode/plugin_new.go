package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
)

// scaffold holds the files `lode plugin new` writes. Its templates use
// [[ ]] so that the {{ }} of the generated html/template stay as they are.
//
//go:embed scaffold
var scaffold embed.FS

// validTypeName is a content type's name as module.yaml and plugin_dir
// spell it (the same rule as plugin_sha256's keys).
var validTypeName = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,39}$`)

// scaffoldData fills the templates.
type scaffoldData struct {
	Name    string // content type name, e.g. "flash-cards"
	Package string // Go package name, e.g. "flash_cards"
	Title   string // e.g. "Flash cards"
	Module  string // Go module path
	SDKDir  string // absolute path of a local SDK for a replace; "" for a released one
}

// pluginNew writes a new content type's module: `lode plugin new NAME`.
func pluginNew(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lode plugin new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "folder to create (default ./NAME)")
	sdkDir := fs.String("sdk", "", "a Lode checkout's sdk folder, used through a replace line while you develop (default: the released SDK)")
	module := fs.String("module", "", "Go module path (default example.com/lode-content-NAME)")
	name, rest := splitName(args)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if name == "" && fs.NArg() == 1 {
		name = fs.Arg(0)
	} else if fs.NArg() != 0 || name == "" {
		return errors.New("usage: lode plugin new NAME [-dir DIR] [-sdk PATH] [-module PATH]")
	}
	if !validTypeName.MatchString(name) || token.IsKeyword(name) || name == "main" {
		return fmt.Errorf("NAME %q: a content type's name is lowercase letters, digits, - and _, starting with a letter, and not a Go keyword", name)
	}
	d := scaffoldData{Name: name, Package: strings.ReplaceAll(name, "-", "_"), Module: *module,
		Title: strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")}
	if d.Module == "" {
		d.Module = "example.com/lode-content-" + name
	}
	if *sdkDir != "" {
		abs, err := localSDK(*sdkDir)
		if err != nil {
			return err
		}
		d.SDKDir = abs
	}
	if *dir == "" {
		*dir = name
	}
	if err := writeScaffold(*dir, d); err != nil {
		return err
	}
	if d.SDKDir != "" {
		// The SDK's own checksums: go mod tidy then needs neither the
		// network nor the checksum database for what the SDK already uses.
		if err := copyFile(filepath.Join(d.SDKDir, "go.sum"), filepath.Join(*dir, "go.sum")); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created the %q content type in %s; next:\n  cd %s\n  go mod tidy\n  go test ./...\n", name, *dir, *dir)
	return nil
}

// splitName lets NAME come before the flags, as the usage line shows it.
func splitName(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// localSDK checks that dir is the SDK module and returns its absolute path.
func localSDK(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	mod, err := os.ReadFile(filepath.Join(abs, "go.mod"))
	if err != nil || !strings.HasPrefix(string(mod), "module github.com/lode-elearning/lode/sdk\n") {
		return "", fmt.Errorf("-sdk %s: not the Lode SDK (a go.mod for github.com/lode-elearning/lode/sdk); give a Lode checkout's sdk folder", dir)
	}
	return abs, nil
}

// writeScaffold renders every template under scaffold/ into dir, which
// must not exist yet: a scaffold never overwrites an author's work.
func writeScaffold(dir string, d scaffoldData) error {
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("-dir %s already exists; choose a new folder", dir)
	}
	return fs.WalkDir(scaffold, "scaffold", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		src, err := scaffold.ReadFile(path)
		if err != nil {
			return err
		}
		tmpl, err := template.New(path).Delims("[[", "]]").Parse(string(src))
		if err != nil {
			return fmt.Errorf("scaffold %s: %w", path, err)
		}
		out := filepath.Join(dir, scaffoldPath(strings.TrimPrefix(path, "scaffold/"), d.Name))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		if err := tmpl.Execute(f, d); err != nil {
			f.Close()
			return fmt.Errorf("scaffold %s: %w", path, err)
		}
		return f.Close()
	})
}

// scaffoldPath names a generated file after the content type: type.go
// becomes NAME.go, cmd/ becomes cmd/lode-content-NAME/, and so on.
func scaffoldPath(path, name string) string {
	path = strings.TrimSuffix(path, ".tmpl")
	switch path {
	case "type.go", "type.html", "type_test.go":
		return strings.Replace(path, "type", name, 1)
	case "cmd/main.go":
		return filepath.Join("cmd", externalPrefix+name, "main.go")
	case "assets/style.css":
		return filepath.Join("assets", name+".css")
	case "example/module.yaml":
		return filepath.Join("example", name+"-sample", "module.yaml")
	}
	return path
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}
