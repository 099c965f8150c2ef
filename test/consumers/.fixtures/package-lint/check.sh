# package-lint: sourced by test/consumers/run.sh in the fixture's work copy. Lints the
# tarball itself (not the repo): what npm would publish.
step "$FIXTURE: publint --strict (the tarball)" 120 ./node_modules/.bin/publint run "$TARBALL" --strict
step "$FIXTURE: attw, profile strict: node10, node16 CJS, node16 ESM, bundler (the tarball)" 120 bash attw.sh
mkdir -p unpacked && tar -xzf "$TARBALL" -C unpacked
step "$FIXTURE: LICENSE, CHANGELOG and source maps that resolve (the tarball)" 60 node contents.mjs unpacked/package
