#!/usr/bin/env python3
"""Fails when a target imports a module that Package.swift does not declare as its dependency.

SwiftPM lets a target import any module that happens to be built before it (a dependency's
dependency), so an undeclared import compiles until the graph changes under it. This check
reads the manifest as SwiftPM resolves it (`swift package dump-package`, so the targets that
`phasePlugins` derives are included) and every `import` of every Swift file of every target.

  tools/check-imports.py [PACKAGE_ROOT]            # runs `swift package dump-package`
  tools/check-imports.py --manifest dump.json ROOT # reads a saved dump instead

A declared target or product counts as declaring the module of the same name (true of every
product Dudao uses). Modules of the toolchain (Foundation, Testing, ...) need no declaration.
Prints one line per undeclared import ("Target: imports Module (file:line) ...") and exits 1,
or prints nothing and exits 0.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

TOOLCHAIN = {
    "Swift", "_Concurrency", "_StringProcessing", "RegexBuilder", "Distributed", "Observation",
    "Synchronization", "Cxx", "CxxStdlib", "Dispatch", "Foundation", "FoundationEssentials",
    "FoundationInternationalization", "FoundationNetworking", "FoundationXML", "CoreFoundation",
    "Glibc", "Musl", "Android", "Darwin", "WinSDK", "os", "XCTest", "Testing",
}

IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*"                      # @testable, @_exported, @preconcurrency, @_spi(X)
    r"(?:(?:public|package|internal|fileprivate|private)\s+)?"
    r"import\s+(?:(?:struct|class|enum|protocol|typealias|func|let|var|actor)\s+)?"
    r"([A-Za-z_][A-Za-z0-9_]*)"
)


def manifest(root, saved):
    if saved:
        with open(saved, encoding="utf-8") as handle:
            return json.load(handle)
    # A scratch path of its own: the package's `.build` is locked while `swift test` runs us.
    with tempfile.TemporaryDirectory(prefix="check-imports-") as scratch:
        done = subprocess.run(
            ["swift", "package", "--package-path", root, "--scratch-path", scratch, "dump-package"],
            capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"swift package dump-package failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout)


def declared(target):
    names = set()
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names


def folder(root, target):
    if target.get("path"):
        return os.path.join(root, target["path"])
    return os.path.join(root, "Tests" if target["type"] == "test" else "Sources", target["name"])


def imports(directory):
    for base, _, files in sorted(os.walk(directory)):
        for name in sorted(files):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(base, name)
            with open(path, encoding="utf-8") as handle:
                in_string = False  # inside a multi-line string literal: a template's `import` is text
                for number, line in enumerate(handle, 1):
                    match = None if in_string else IMPORT.match(line)
                    if match:
                        yield match.group(1), path, number
                    if len(re.findall(r'(?<!\\)"""', line)) % 2:
                        in_string = not in_string


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--manifest", help="the JSON of `swift package dump-package`, instead of running it")
    arguments = parser.parse_args()
    root = os.path.abspath(arguments.root)

    problems = []
    for target in manifest(root, arguments.manifest)["targets"]:
        if target["type"] in ("system", "binary", "plugin", "macro"):
            continue
        directory = folder(root, target)
        if not os.path.isdir(directory):
            problems.append(f"{target['name']}: its folder {os.path.relpath(directory, root)} does not exist")
            continue
        allowed = declared(target) | TOOLCHAIN | {target["name"]}
        for module, path, number in imports(directory):
            if module not in allowed:
                problems.append(f"{target['name']}: imports {module} ({os.path.relpath(path, root)}:{number}) "
                                f"but does not declare it in Package.swift")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
