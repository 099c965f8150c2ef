// Every file package.json points at (main, module, types, bin, every "exports" and "typesVersions" target) must
// be in the tarball: otherwise the build was incomplete and every other check would only
// repeat "cannot find module". Run: node check-tarball.mjs <listing-file> <package.json>
import { readFileSync } from 'node:fs';

const [listing, pkgFile] = process.argv.slice(2);
const files = new Set(
  readFileSync(listing, 'utf8')
    .split('\n')
    .map((l) => l.replace(/^package\//, '').trim())
    .filter(Boolean),
);
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
const targets = new Set();
const walk = (v) => {
  if (typeof v === 'string') targets.add(v);
  else if (v && typeof v === 'object') Object.values(v).forEach(walk);
};
walk(pkg.exports);
for (const f of ['main', 'module', 'types', 'typings']) walk(pkg[f]);
walk(pkg.bin);
walk(pkg.typesVersions); // what node10 resolution reads for subpaths
const missing = [...targets].filter((t) => !t.includes('*') && !files.has(t.replace(/^\.\//, '')));
if (missing.length) {
  console.log(
    `FAIL: the tarball lacks ${missing.length} file(s) that package.json points at (an incomplete build?): ${missing.join(', ')}`,
  );
  process.exit(1);
}
console.log(`the tarball has all ${targets.size} files package.json points at`);
