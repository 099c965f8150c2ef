/**
 * Leases lost, members gone and transports resynced in any order: once things settle there
 * is exactly one leader, every other member follows it, and the leader holds what every
 * follower watches, once. On failure fast-check prints `{ seed, path }` to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Leases, leaseMember } from '../../support/leases.js';
import { Hub, tick } from '../../support/memory-transport.js';

type Action =
  | { t: 'add' }
  | { t: 'dispose'; i: number }
  | { t: 'loseLeader' }
  | { t: 'loseMember'; i: number }
  | { t: 'resync'; i: number }
  | { t: 'wait'; ms: number };

const i = fc.nat(5);
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant({ t: 'add' as const }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('dispose' as const), i }), weight: 1 },
  { arbitrary: fc.constant({ t: 'loseLeader' as const }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('loseMember' as const), i }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('resync' as const), i }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 15 }) }), weight: 3 },
);

describe('Group over leases, any interleaving', () => {
  it('settles on one leader that holds every follower’s interest once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        const hub = new Hub();
        const leases = new Leases();
        let n = 0;
        const live: Array<ReturnType<typeof leaseMember>> = [];
        const add = () => {
          const name = `m${++n}`;
          const m = leaseMember(hub, leases, name);
          m.group.watch('channels', 'get$', [name]);
          live.push(m);
        };
        add();
        for (const a of actions) {
          const m = 'i' in a ? live[a.i % Math.max(1, live.length)] : undefined;
          if (a.t === 'add' && live.length < 4) add();
          else if (a.t === 'dispose' && m && live.length > 1) {
            m.group.dispose();
            live.splice(live.indexOf(m), 1);
          } else if (a.t === 'loseLeader' && leases.holder('g:leader')) leases.lose('g:leader');
          else if (a.t === 'loseMember' && m && leases.holder(`g:member:${m.group.self}`) === m.name)
            leases.lose(`g:member:${m.group.self}`);
          else if (a.t === 'resync' && m) m.transport.resync();
          else if (a.t === 'wait') await tick(a.ms);
        }
        const settled = () => {
          const leaders = live.filter((m) => m.group.role$.value === 'leader');
          if (leaders.length !== 1) return false;
          if (live.some((m) => m !== leaders[0] && m.group.role$.value !== 'follower')) return false;
          const want = live.filter((m) => m !== leaders[0]).map((m) => `channels.get$(${m.name})`);
          return JSON.stringify([...leaders[0]!.held].sort()) === JSON.stringify(want.sort());
        };
        for (let k = 0; k < 300 && !settled(); k++) await tick();
        const ok = settled() || live.map((m) => `${m.name}:${m.group.role$.value}:[${m.held.join(',')}]`);
        for (const m of live) m.group.dispose();
        expect(ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
