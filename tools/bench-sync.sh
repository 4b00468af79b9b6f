#!/usr/bin/env bash
# The sync benchmark: builds dudao-bench in release mode, then runs `dudao-bench sync` with the
# arguments given (default 100 units × 1000 changes; the issue's goal is --units 1000 --changes 1000).
# Prints export time, bundle size against gzip -6 of the same changes as JSON lines, merge rate
# against raw SQLite inserts of the same rows, and the merge's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dudao-bench
exec .build/release/dudao-bench sync "$@"
