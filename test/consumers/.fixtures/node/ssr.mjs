// A server render from the package: prefetch, renderToString (ivs-store/react), dehydrate,
// JSON, hydrate into a second store (the page's), whose hook-free read then answers at once
// with the server's data; secrets stay out of the JSON. Then the process must exit by itself.
// Run: node ssr.mjs
import { IvsClient } from '@aws-sdk/client-ivs';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { createIvsStore, dehydrate, hydrate, prefetch, Secret } from 'ivs-store';
import { IvsStoreProvider, useChannel } from 'ivs-store/react';
import { startIvsSimulator } from 'ivs-store/simulator';
import helpers from './entries.cjs';

const fail = (msg) => {
  console.log(`FAIL: ${msg}`);
  process.exitCode = 1;
};

const sim = await startIvsSimulator({ seed: 9 });
const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
const serverIvs = new IvsClient(config);
const pageIvs = new IvsClient(config);
const { arn, streamKeyArn } = sim.control.ivs.createChannel({ name: 'lobby' });
sim.control.ivs.createChannel({ name: 'foyer' });
sim.control.clearRequests();

function Title({ arn: channelArn }) {
  const e = useChannel(channelArn);
  return createElement('h1', null, e.status === 'success' ? e.data.name : e.status);
}

const server = createIvsStore({ ivs: serverIvs });
const page = createIvsStore({ ivs: pageIvs, tabs: false });
try {
  const [channel, key, list] = await prefetch([
    server.channels.get$(arn),
    server.streamKeys.get$(streamKeyArn),
    server.channels.list$(),
  ]);
  if (channel.status !== 'success' || list.status !== 'success' || list.data.length !== 2)
    fail(`prefetch: ${channel.status}, ${list.status}`);
  const html = renderToString(createElement(IvsStoreProvider, { store: server }, createElement(Title, { arn })));
  if (html !== '<h1>lobby</h1>') fail(`renderToString gave ${html}`);
  else console.log(`ssr: renderToString gave ${html}`);
  const json = JSON.stringify(dehydrate(server));
  if (json.includes(key.data.value.reveal())) fail('the stream key value is in the JSON');
  if (json.includes(channel.data.srt.passphrase.reveal())) fail('the SRT passphrase is in the JSON');
  const withSecrets = JSON.stringify(dehydrate(server, { secrets: true }));
  server.dispose();

  await hydrate(page, JSON.parse(withSecrets));
  let shown;
  page.channels.list$().subscribe((e) => (shown = e)).unsubscribe();
  if (shown?.status !== 'success' || shown.data.length !== 2) fail(`hydrated list: ${shown?.status}`);
  let shownKey;
  page.streamKeys.get$(streamKeyArn).subscribe((e) => (shownKey = e)).unsubscribe();
  if (!(shownKey?.data?.value instanceof Secret) || !shownKey.data.value.equals(key.data.value))
    fail('hydrated stream key: not the same Secret');
  else console.log('ssr: dehydrate → JSON → hydrate gave the list and the stream key (a Secret) at once');
  const bad = await hydrate(page, { v: 2 }).then(
    () => undefined,
    (e) => e,
  );
  if (bad?.kind !== 'validation' || bad.field !== 'state.v') fail(`a malformed state: ${bad}`);
  // The page read nothing: all it showed came from the server's state.
  const pageReads = sim.control.requests({}).length - 3;
  if (pageReads !== 0) fail(`the page made ${pageReads} requests`);
} catch (e) {
  fail(e.stack ?? String(e));
} finally {
  server.dispose();
  page.dispose();
  serverIvs.destroy();
  pageIvs.destroy();
  await sim.stop();
}
helpers.mustExit('ssr');
