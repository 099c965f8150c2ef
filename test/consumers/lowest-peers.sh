#!/usr/bin/env bash
# The store's own tests (store, core, bindings) against the LOWEST version of every peer
# dependency that package.json admits, so the peer ranges we publish are ranges we test.
# Runs in a copy of the tracked tree, so the repository's node_modules stay as the lockfile
# says. Called by run.sh (and so by CI) as the "lowest-peers" check; runnable alone.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT

(cd "$ROOT" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$DIR"
cd "$DIR"
npm ci --no-audit --no-fund --prefer-offline >/dev/null

# The lower bound of each range ('^3.1116.0' -> 3.1116.0, '>=17' -> 17.0.0, '^3.3' -> 3.3.0).
# react-dom follows react; zone.js is what Angular's lowest version asks for.
mapfile -t LOWEST < <(node -e '
  const peers = require("./package.json").peerDependencies;
  const low = (range) => {
    const m = /^(?:\^|~|>=)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
    if (!m) throw new Error(`cannot read the lower bound of "${range}"`);
    return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
  };
  for (const [name, range] of Object.entries(peers)) console.log(`${name}@${low(range)}`);
  console.log(`react-dom@${low(peers.react)}`);
  // The Angular packages the tests use beside the core (TestBed, the zone tests) follow it.
  const dev = require("./package.json").devDependencies;
  for (const name of ["@angular/common", "@angular/compiler", "@angular/platform-browser"])
    if (dev[name]) console.log(`${name}@${low(peers["@angular/core"])}`);
')
echo "lowest peers: ${LOWEST[*]}"
npm install --no-save --no-audit --no-fund --prefer-offline "${LOWEST[@]}" zone.js@0.15.0 >/dev/null
node -e '
  for (const spec of process.argv.slice(1)) {
    const at = spec.lastIndexOf("@");
    const [name, want] = [spec.slice(0, at), spec.slice(at + 1)];
    const got = JSON.parse(require("node:fs").readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
    if (got !== want) throw new Error(`${name}: installed ${got}, wanted ${want}`);
  }
  console.log("installed as asked");
' "${LOWEST[@]}"

AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true npx vitest run test/store test/resources test/query test/core test/bindings
