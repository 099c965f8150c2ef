import { IvsClient } from '@aws-sdk/client-ivs';
import { IVSRealTimeClient } from '@aws-sdk/client-ivs-realtime';
import WebSocket from 'ws';
import type { RelayMessage } from '../../src/query/relay/protocol.js';
import { realtimeResources } from '../../src/realtime/index.js';
import { startRelay } from '../../src/relay/server/index.js';
import type { Relay, StartRelayOptions } from '../../src/relay/types.js';
import { type IvsSimulator, startIvsSimulator } from '../../src/simulator/index.js';

export interface RelayWorld {
  sim: IvsSimulator;
  ivs: IvsClient;
  relay: Relay;
  stop(): Promise<void>;
}

/** Who the test relays let in: token `good` (user `ann`) and `other` (user `bob`). */
export const authenticate = ({ token }: { token: string | undefined }) =>
  token === 'good' ? { user: 'ann' } : token === 'other' ? { user: 'bob' } : undefined;

/** A simulator, an IvsClient on it, and a relay (tokens as `authenticate`) over them. */
export async function startRelayWorld(options: Partial<StartRelayOptions<{ user: string }>> = {}): Promise<RelayWorld> {
  const sim = await startIvsSimulator();
  const config = { endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
  const ivs = new IvsClient(config);
  const realtime = new IVSRealTimeClient(config);
  const relay = await startRelay<{ user: string }>({
    ivs,
    realtime: realtimeResources(realtime),
    store: { refetchInterval: 60_000 },
    authenticate,
    ...options,
  });
  return {
    sim,
    ivs,
    relay,
    async stop() {
      await relay.stop();
      ivs.destroy();
      realtime.destroy();
      await sim.stop();
    },
  };
}

/** A raw protocol client: every message it got, and its close. */
export class Client {
  readonly messages: RelayMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as RelayMessage);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    ws.on('error', () => undefined);
  }

  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    const c = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }

  /** Opens, says hello with `token` (and `resume`), and waits for the welcome. */
  static async hello(url: string, token = 'good', resume?: { session: string; seq: number }): Promise<Client> {
    const c = await Client.open(url);
    c.send({ v: 1, t: 'hello', token, ...(resume && { resume }) });
    await c.next((m) => m.t === 'welcome');
    return c;
  }

  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  watch(id: string, resource: string, method: string, args: unknown[] = []): void {
    this.send({ v: 1, t: 'watch', id, resource, method, args });
  }

  /** The first message (already here or coming) that satisfies `pred`. */
  async next<M extends RelayMessage = RelayMessage>(pred: (m: RelayMessage) => boolean, ms = 5000): Promise<M> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(pred);
      if (found) return found as M;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no such message within ${ms} ms; got ${JSON.stringify(this.messages).slice(0, 800)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The value messages of watch `id`. */
  values(id: string): Array<Extract<RelayMessage, { t: 'value' }>> {
    return this.messages.filter((m): m is Extract<RelayMessage, { t: 'value' }> => m.t === 'value' && m.id === id);
  }

  /** The latest value of watch `id` whose entry has status `success`. */
  success(id: string, ms?: number) {
    return this.next<Extract<RelayMessage, { t: 'value' }>>(
      (m) => m.t === 'value' && m.id === id && (m.value as { status?: string }).status === 'success',
      ms,
    );
  }

  close(): void {
    this.ws.close(1000);
  }
}
