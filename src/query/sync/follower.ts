import { BehaviorSubject } from 'rxjs';
import type { Cache } from '../../core/cache.js';
import type { MirroredEntry } from '../../core/cache-writer.js';
import { IvsStoreError } from '../../core/errors.js';
import type { StoreMetrics } from '../../core/metrics.js';
import { decode, encode } from './codec.js';
import type { DistributiveOmit, Message, Transport } from './protocol.js';

interface Watch {
  resource: string;
  method: string;
  args: unknown[];
}

interface Call extends Watch {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** The leader it was sent to (undefined: waiting for one). */
  sentTo: string | undefined;
}

/**
 * A member that does not read: it tells the leader what it watches, writes the entries the
 * leader sends into its own cache (where its Observables find them), and has the leader
 * run its calls. A new leader gets everything again: interest, visibility, calls waiting.
 */
export class Follower {
  /** Who leads, once known. */
  private leader: string | undefined;
  private readonly watches = new Map<string, Watch>();
  private readonly calls = new Map<string, Call>();
  private visible = false;
  private n = 0;
  private readonly stopListening: () => void;
  /** The leader's metrics (the group's calls and budget) and the group's size. */
  readonly metrics$ = new BehaviorSubject<{ metrics: StoreMetrics; members: number } | undefined>(undefined);

  constructor(
    private readonly transport: Transport,
    private readonly self: string,
    private readonly cache: Cache,
  ) {
    this.stopListening = transport.listen((m) => this.receive(m));
    transport.post({ v: 1, t: 'hello', from: self });
  }

  private receive(m: Message): void {
    if (m.t === 'leader') {
      // Said again by the leader this member follows: it may have missed messages.
      if (m.from === this.leader) this.resend();
      else this.follow(m.from);
      return;
    }
    if (m.from !== this.leader && m.t !== 'changes') return;
    if (m.t === 'changes' && (m.to === undefined || m.to === this.self)) {
      if (m.to === this.self) this.follow(m.from);
      this.cache.mirror(
        m.entries.map(([c, id, e]) => [
          c,
          id,
          { ...e, data: decode(e.data), error: decode(e.error) as MirroredEntry['error'] },
        ]),
      );
    } else if (m.t === 'result' && m.to === this.self) {
      const call = this.calls.get(m.id);
      if (!call) return;
      this.calls.delete(m.id);
      (m.ok ? call.resolve : call.reject)(decode(m.value));
    } else if (m.t === 'metrics') this.metrics$.next({ metrics: m.metrics, members: m.members });
  }

  /** A (new) leader: it gets this member's interest, visibility and waiting calls. */
  private follow(leader: string): void {
    if (leader === this.leader) return;
    this.leader = leader;
    this.resend();
    for (const [id, call] of this.calls) {
      // Sent to a leader that is gone: it may have run or not, so say so rather than run it twice.
      if (call.sentTo !== undefined) {
        this.calls.delete(id);
        call.reject(lost(call));
      } else this.send(id, call);
    }
  }

  /** Interest and visibility, to the leader (which keeps a watch it holds already). */
  private resend(): void {
    for (const [id, w] of this.watches) this.sendWatch(id, w);
    this.post({ t: 'visible', to: 'leader', visible: this.visible });
  }

  /**
   * Says hello again, when this member may have missed messages or been dropped by the
   * leader (its own lock was lost): a snapshot comes back, and the leader gets its interest.
   */
  hello(): void {
    this.post({ t: 'hello' });
    if (this.leader) this.resend();
  }

  private sendWatch(id: string, { resource, method, args }: Watch): void {
    this.post({ t: 'watch', to: 'leader', id, resource, method, args: encode(args) as unknown[] });
  }

  private post(m: DistributiveOmit<Message, 'v' | 'from'>): void {
    this.transport.post({ ...m, v: 1, from: this.self } as Message);
  }

  private send(id: string, call: Call): void {
    call.sentTo = this.leader;
    const { resource, method, args } = call;
    this.post({ t: 'call', to: 'leader', id, resource, method, args: encode(args) as unknown[] });
  }

  watch(resource: string, method: string, args: unknown[]): string {
    const id = `w${++this.n}`;
    const w = { resource, method, args };
    this.watches.set(id, w);
    if (this.leader) this.sendWatch(id, w);
    return id;
  }

  unwatch(id: string): void {
    if (this.watches.delete(id) && this.leader) this.post({ t: 'unwatch', to: 'leader', id });
  }

  call(resource: string, method: string, args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = `c${++this.n}`;
      const call: Call = { resource, method, args, resolve, reject, sentTo: undefined };
      this.calls.set(id, call);
      if (this.leader) this.send(id, call);
    });
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (this.leader) this.post({ t: 'visible', to: 'leader', visible });
  }

  /**
   * Leaves the group (disposed: `reason`; or leading now: each call waiting is lost as when
   * its leader goes), and the leader drops its interest.
   */
  stop(reason?: IvsStoreError): void {
    this.stopListening();
    this.transport.post({ v: 1, t: 'bye', from: this.self });
    for (const call of this.calls.values()) call.reject(reason ?? lost(call));
    this.calls.clear();
    this.metrics$.complete();
  }
}

/** A call whose leader went before it answered: it may have run or not, and is not run again. */
const lost = ({ resource, method }: Watch) =>
  new IvsStoreError({
    kind: 'network',
    operation: `${resource}.${method}`,
    message: `${resource}.${method}: the tab that ran it closed before answering; it may or may not have been done`,
  });
