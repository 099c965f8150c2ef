// The code block of a README section, verbatim: the first ```LANG fence after the heading
// that starts with TITLE, before the next heading of the same or a higher level.
//   node readme-snippet.mjs README.md "## Quick start (RxJS)" ts
// Exits 1 (naming what is missing) when there is no such section or block, so a README
// reorganised under a check fails it instead of checking nothing.
import { readFileSync } from 'node:fs';

export function readmeSnippet(readmePath, title, lang) {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const level = /^#+/.exec(title)?.[0].length;
  if (!level) throw new Error(`readme-snippet: title must start with #, got ${JSON.stringify(title)}`);
  const start = lines.findIndex((l) => l.startsWith(title));
  if (start < 0) throw new Error(`README has no heading starting with ${JSON.stringify(title)}`);
  for (let i = start + 1; i < lines.length; i++) {
    const heading = /^(#+)\s/.exec(lines[i]);
    if (heading && heading[1].length <= level) break;
    if (lines[i].trim() === '```' + lang) {
      const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
      if (end < 0) throw new Error(`README: the \`\`\`${lang} block under ${JSON.stringify(title)} is not closed`);
      return lines.slice(i + 1, end).join('\n') + '\n';
    }
  }
  throw new Error(`README: no \`\`\`${lang} block under ${JSON.stringify(title)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [readme, title, lang] = process.argv.slice(2);
  try {
    process.stdout.write(readmeSnippet(readme, title, lang));
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
