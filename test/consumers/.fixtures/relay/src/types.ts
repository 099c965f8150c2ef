// The relay's types from the package, strict: server options, principal typing, the browser's options.
import { IvsClient } from '@aws-sdk/client-ivs';
import { createIvsStore, type Entry, type StoreChannel } from 'ivs-store';
import { createRelay, startRelay, type RelayAction, type RelayMetrics } from 'ivs-store/relay';

interface Principal {
  sub: string;
  groups: string[];
}

export async function server(): Promise<void> {
  const relay = await startRelay<Principal>({
    ivs: new IvsClient({ region: 'us-east-1', maxAttempts: 1 }),
    authenticate: ({ token, request }) =>
      token && request.headers.origin === 'https://ops.example.com' ? { sub: token, groups: [] } : undefined,
    authorize: (p: Principal, action: RelayAction) => action === 'read' || p.groups.includes('operators'),
    limits: { maxWatches: 200 },
  });
  relay.metrics$.subscribe((m: RelayMetrics) => console.log(m.connections, m.role));
  const handler = createRelay({ ivs: new IvsClient({}), authenticate: () => ({ anyone: true }) });
  handler.upgrade satisfies (...args: never[]) => void;
  await relay.stop();
  await handler.stop();
}

export function browser(): void {
  const store = createIvsStore({ relay: { url: 'wss://relay.example.com/', token: async () => 'jwt' } });
  store.channels.get$('arn:aws:ivs:us-east-1:123456789012:channel/abc').subscribe((e: Entry<StoreChannel>) => {
    if (e.status === 'success') console.log(e.data.name);
  });
  // @ts-expect-error relay mode takes no AWS client
  createIvsStore({ relay: { url: 'wss://x/' }, ivs: new IvsClient({}) });
}
