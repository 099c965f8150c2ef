// `import` of every entry point, then a round trip. Run: node esm.mjs
import * as sdkIvs from '@aws-sdk/client-ivs';
import * as sdkRealtime from '@aws-sdk/client-ivs-realtime';
import helpers from './entries.cjs';

const { mods, failures } = await helpers.loadAll('import', (entry) => import(entry));
let ok = failures.length === 0;
try {
  await helpers.roundTrip(mods, { ...sdkIvs, ...sdkRealtime });
} catch (e) {
  failures.push(`round trip: ${e.message}`);
  ok = false;
}
for (const f of failures) console.log(`FAIL: ${f}`);
if (!ok) process.exit(1);
helpers.mustExit('esm');
