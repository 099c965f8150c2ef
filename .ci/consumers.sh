#!/usr/bin/env bash
# CI: the consumer checks (test/consumers/README.md). The dist/ that .ci/run has just built
# is packed with `npm pack`, and the tarball is installed with its peers into small apps
# (Vite + React strict, IVS-only bundles, Node ESM/CJS, TypeScript resolution modes, Vue,
# Angular, publint/attw), which are built and run. test/consumers/lowest-peers.sh, when it
# exists, runs as one more check. One line per check, then "consumers: N passed, N failed";
# the exit status is non-zero when any check failed.
set -uo pipefail
cd "$(dirname "$0")/.."
exec bash test/consumers/run.sh --no-build "$@"
