// What the tarball carries beyond code: a LICENSE and a CHANGELOG, and source maps that
// resolve: each source either ships in the package or is embedded in the map
// (sourcesContent). A map pointing at ../src, which is not published, is useless to a
// debugger and makes bundlers warn. Run: node contents.mjs <the unpacked package folder>.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = process.argv[2];
if (!root || !existsSync(join(root, 'package.json'))) throw new Error(`not an unpacked package: ${root}`);
const problems = [];
for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md']) if (!existsSync(join(root, file))) problems.push(`no ${file}`);

const maps = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.map')) maps.push(path);
  }
};
walk(join(root, 'dist'));
for (const map of maps) {
  const { sources = [], sourcesContent = [] } = JSON.parse(readFileSync(map, 'utf8'));
  sources.forEach((source, i) => {
    const shipped = existsSync(resolve(dirname(map), source)) && resolve(dirname(map), source).startsWith(resolve(root));
    if (!shipped && typeof sourcesContent[i] !== 'string') problems.push(`${map}: ${source} is neither shipped nor embedded`);
  });
}
if (problems.length) {
  console.log(`FAIL: ${problems.length} problem(s):\n${problems.slice(0, 20).join('\n')}`);
  process.exit(1);
}
console.log(`LICENSE, CHANGELOG.md and README.md ship; ${maps.length} source maps resolve`);
