// `require` of every entry point, then a round trip. Run: node cjs.cjs
const helpers = require('./entries.cjs');

(async () => {
  const { mods, failures } = await helpers.loadAll('require', (entry) => require(entry));
  let ok = failures.length === 0;
  try {
    await helpers.roundTrip(mods, { ...require('@aws-sdk/client-ivs'), ...require('@aws-sdk/client-ivs-realtime') });
  } catch (e) {
    failures.push(`round trip: ${e.message}`);
    ok = false;
  }
  for (const f of failures) console.log(`FAIL: ${f}`);
  if (!ok) process.exit(1);
  helpers.mustExit('cjs');
})();
