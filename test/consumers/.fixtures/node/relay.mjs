// ivs-store/relay from the package: a relay over the simulator, a raw ws client (hello, watch,
// value), a refused token, stop(); the process must then exit by itself. Run: node relay.mjs
import { IvsClient } from '@aws-sdk/client-ivs';
import { startRelay } from 'ivs-store/relay';
import { startIvsSimulator } from 'ivs-store/simulator';
import WebSocket from 'ws';
import helpers from './entries.cjs';

const fail = (msg) => {
  console.log(`FAIL: ${msg}`);
  process.exit(1);
};
const timer = setTimeout(() => fail('no answer within 15 s'), 15_000);

const sim = await startIvsSimulator({ seed: 9 });
const ivs = new IvsClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
const arn = sim.control.ivs.createChannel({ name: 'lobby' }).arn;
const relay = await startRelay({ ivs, authenticate: ({ token }) => (token === 't0ken' ? { user: 'ops' } : undefined) });

/** Opens a socket, says hello with `token`, and resolves with the messages once `done(messages)` says so or it closes. */
const session = (token, send, done) =>
  new Promise((resolve) => {
    const ws = new WebSocket(relay.url);
    const got = [];
    ws.on('open', () => ws.send(JSON.stringify({ v: 1, t: 'hello', token })));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      got.push(m);
      if (m.t === 'welcome') for (const s of send) ws.send(JSON.stringify(s));
      if (done(got)) {
        ws.close(1000);
        resolve({ got });
      }
    });
    ws.on('close', (code, reason) => resolve({ got, code, reason: String(reason) }));
  });

const ok = await session(
  't0ken',
  [{ v: 1, t: 'watch', id: 'c', resource: 'channels', method: 'get$', args: [arn] }],
  (got) => got.some((m) => m.t === 'value' && m.value.status === 'success'),
);
const value = ok.got.find((m) => m.t === 'value' && m.value.status === 'success');
if (value?.value.data.name !== 'lobby') fail(`relay round trip: expected channel lobby, got ${JSON.stringify(ok.got)}`);
console.log('relay round trip: channel lobby read through the relay');
const refused = await session('wrong', [], () => false);
if (refused.code !== 4401) fail(`a wrong token: expected close 4401, got ${refused.code} ${refused.reason}`);
console.log(`relay refused a wrong token: ${refused.code} ${refused.reason}`);

await relay.stop();
ivs.destroy();
await sim.stop();
clearTimeout(timer);
helpers.mustExit('relay');
