# attw on the tarball, every resolution mode (profile strict: node10, node16 from CJS,
# node16 from ESM, bundler), every entry point we promise (whether or not "exports" lists it);
# then one FAIL line per entry point and mode that is not OK, where the step's tail shows it.
set -u
out="$(./node_modules/.bin/attw "$TARBALL" --profile strict --format ascii --no-emoji --no-color \
  --include-entrypoints . ./react ./vue ./angular ./simulator ./realtime ./devtools ./testing ./testing/react ./testing/vue ./testing/angular 2>&1)"
rc=$?
echo "$out"
echo "$out" | awk '
  /^"[^"]+"$/ { entry = $0; next }
  /^(node10|node16 \(from CJS\)|node16 \(from ESM\)|bundler): / {
    split($0, kv, ": "); if (kv[2] !~ /^OK/) print "FAIL: " entry " " $0
  }'
exit "$rc"
