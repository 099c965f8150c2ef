// Channels and live streams only: what an IVS-only dashboard imports. Plain JavaScript so
// that every bundler reads it as it is (no TypeScript plugin in the way).
import { IvsClient } from '@aws-sdk/client-ivs';
import { createIvsStore } from 'ivs-store';

/** Reads the channels, one channel and the live streams; resolves with what it saw. */
export function start(config) {
  const ivs = new IvsClient({ ...config, maxAttempts: 1 });
  const store = createIvsStore({ ivs });
  const settled = (obs) =>
    new Promise((resolve, reject) => {
      const sub = obs.subscribe((e) => {
        if (e.status === 'loading') return;
        queueMicrotask(() => sub.unsubscribe());
        if (e.status === 'success') resolve(e.data);
        else reject(e.error ?? new Error(e.status));
      });
    });
  return (async () => {
    try {
      const channels = await settled(store.channels.list$());
      const channel = await settled(store.channels.get$(channels[0].arn));
      const live = await settled(store.streams.live$());
      return { channels: channels.map((c) => c.name), channel: channel.name, live: live.map((s) => s.channelArn) };
    } finally {
      store.dispose();
    }
  })();
}

// In a page: the simulator's endpoint and credentials in the query string.
if (typeof document !== 'undefined' && location.search) {
  const q = new URLSearchParams(location.search);
  start({
    endpoint: q.get('endpoint'),
    region: q.get('region'),
    credentials: { accessKeyId: q.get('accessKeyId'), secretAccessKey: q.get('secretAccessKey') },
  }).then((seen) => {
    document.body.textContent = JSON.stringify(seen);
  });
}
