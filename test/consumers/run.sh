#!/usr/bin/env bash
# Consumer checks: the packed tarball, installed with its peers into small apps, built and run.
#
#   bash test/consumers/run.sh                      # build, pack, run every fixture
#   bash test/consumers/run.sh vite-react-strict    # one fixture (or several)
#   bash test/consumers/run.sh --no-build node      # pack the dist/ that is there, no rebuild
#
# Environment: IVS_STORE_TARBALL=path (use this tarball: no build, no pack),
# IVS_CONSUMERS_WORK=dir (work here and keep it; default a temp dir removed at the end),
# npm_config_cache (default ~/.npm, shared by every fixture). See test/consumers/README.md.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
FIXTURES="$HERE/.fixtures"
LIB="$HERE/lib"

build=1
selected=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) selected+=("$arg") ;;
  esac
done
all=()
for d in "$FIXTURES"/*/; do all+=("$(basename "$d")"); done
if [ ${#selected[@]} -eq 0 ]; then selected=("${all[@]}"); run_all=1; else run_all=0; fi
for name in "${selected[@]}"; do
  [ "$name" = lowest-peers ] && [ -f "$HERE/lowest-peers.sh" ] && continue
  if [ ! -f "$FIXTURES/$name/check.sh" ]; then
    echo "no such fixture: $name (have: ${all[*]})" >&2
    exit 2
  fi
done

if [ -n "${IVS_CONSUMERS_WORK:-}" ]; then
  WORK="$IVS_CONSUMERS_WORK"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/ivs-store-consumers.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
fi
WORK="$(cd "$WORK" && pwd)"
TARBALL="$WORK/ivs-store.tgz"
RESULTS="$WORK/results"
: >"$RESULTS"
mkdir -p "$WORK/logs"

export REPO WORK TARBALL LIB RESULTS
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
export npm_config_update_notifier=false npm_config_loglevel=warn
export NO_COLOR=1 FORCE_COLOR=0 CI="${CI:-}"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
# shellcheck source=lib/step.sh
source "$LIB/step.sh"

started=$(date +%s)

# The tarball: what `npm publish` would upload.
pack() {
  set -e
  rm -f "$TARBALL"
  mkdir -p "$WORK/pack"
  if [ -n "${IVS_STORE_TARBALL:-}" ]; then
    cp "$IVS_STORE_TARBALL" "$TARBALL"
  else
    cd "$REPO"
    if [ "$build" = 1 ]; then npm run build; fi
    rm -f "$WORK"/pack/*.tgz
    npm pack --pack-destination "$WORK/pack"
    mv "$WORK"/pack/*.tgz "$TARBALL"
  fi
  tar -tzf "$TARBALL" | sort | tee "$WORK/pack/files.txt"
  tar -xzOf "$TARBALL" package/package.json >"$WORK/pack/package.json"
  node "$LIB/check-tarball.mjs" "$WORK/pack/files.txt" "$WORK/pack/package.json"
}
export -f pack
export build
if ! step "pack" 600 pack; then
  summary
  exit 1
fi

lowest=0
for name in "${selected[@]}"; do
  if [ "$name" = lowest-peers ]; then lowest=1; else run_fixture "$name"; fi
done

# The lowest-peer-versions run (test/consumers/lowest-peers.sh), if it exists: one more
# check in the summary, with the same environment ($TARBALL, $WORK, $LIB, npm cache).
if { [ "$run_all" = 1 ] || [ "$lowest" = 1 ]; } && [ -f "$HERE/lowest-peers.sh" ]; then
  step "lowest-peers" 900 bash "$HERE/lowest-peers.sh"
fi

echo "(consumer checks took $(( $(date +%s) - started ))s; work dir ${IVS_CONSUMERS_WORK:-removed})"
summary
