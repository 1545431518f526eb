#!/bin/sh
# Regenerates the embedded SPDX id lists from github/go-spdx, which copies
# them from spdx/license-list-data. Bump VERSION and run `go generate
# ./engine/spdx` (needs the Go module proxy, not the rest of the internet).
set -eu
VERSION=v2.8.0
dir=$(cd "$(mktemp -d)" && go mod download -json "github.com/github/go-spdx/v2@$VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
src="$dir/spdxexp/spdxlicenses"
# Each Get* function returns a slice literal: one quoted id a line.
ids() { awk '/^func Get[A-Za-z]*\(\) \[\]string/{on=1;next} on&&/^}/{on=0} on&&/^\t\t"/{gsub(/[",\t]/,"");print}' "$src/$1"; }
ids get_licenses.go >licenses.txt
ids get_deprecated.go >deprecated.txt
ids get_exceptions.go >exceptions.txt
sed -n 's/.*return "\([0-9.]*\)".*/\1/p' "$src/get_licenses.go" | head -n1 >list-version.txt
