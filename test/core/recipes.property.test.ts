import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/core/cache.js';
import { type Optimistic, optimistic } from '../../src/core/optimistic.js';
import { type Recipe, recipeEngine } from '../../src/core/recipes.js';

const engine = await recipeEngine();

interface Thing {
  name: string;
  viewers: number;
  tags: string[];
}

/**
 * Random interleavings of user recipes (setData), their undo and confirm, reads sent and
 * landing in any order, the server changing meanwhile, and mutations that succeed or fail.
 * The model is the rule users are promised, stated without the cache's machinery: a change
 * shows until it is undone, or confirmed and then overtaken by a read sent after that; what
 * no change touches is always what the newest read says.
 */
type Op =
  | { kind: 'rename'; value: string }
  | { kind: 'tag'; value: string }
  | { kind: 'undo'; pick: number }
  | { kind: 'confirm'; pick: number }
  | { kind: 'server'; name: string; viewers: number; tag?: string }
  | { kind: 'send' }
  | { kind: 'land'; pick: number }
  | { kind: 'mutate'; value: string }
  | { kind: 'settle'; pick: number; ok: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('rename' as const), value: fc.constantFrom('x', 'y', 'z') }),
  fc.record({ kind: fc.constant('tag' as const), value: fc.constantFrom('t1', 't2') }),
  fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat() }),
  fc.record(
    {
      kind: fc.constant('server' as const),
      name: fc.constantFrom('s1', 's2'),
      viewers: fc.nat(50),
      tag: fc.constantFrom('a', 'b'),
    },
    { requiredKeys: ['kind', 'name', 'viewers'] },
  ),
  fc.record({ kind: fc.constant('send' as const) }),
  fc.record({ kind: fc.constant('land' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('mutate' as const), value: fc.constantFrom('m1', 'm2') }),
  fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), ok: fc.boolean() }),
);

interface Change {
  handle: Optimistic;
  rename?: string;
  tag?: string;
  mutation: boolean;
  state: 'held' | 'confirmed' | 'off';
  confirmedAt: number;
}

function run(ops: Op[]): void {
  const cache = new Cache();
  let server: Thing = { name: 's0', viewers: 0, tags: [] };
  let newest = { seq: cache.nextSeq(), data: server };
  cache.transaction((tx) => tx.succeed('c', 'a', newest.seq, server));
  const changes: Change[] = [];
  const inFlight: Array<{ seq: number; data: Thing }> = [];
  const land = (seq: number, data: Thing) => {
    cache.transaction((tx) => tx.succeed('c', 'a', seq, data));
    if (seq >= newest.seq) newest = { seq, data };
  };
  const add = (recipe: Recipe<Thing>, c: Omit<Change, 'handle' | 'state' | 'confirmedAt'>) =>
    changes.push({
      ...c,
      handle: optimistic(cache, engine, [{ collection: 'c', id: 'a', recipe: recipe as Recipe<unknown> }]),
      state: 'held',
      confirmedAt: 0,
    });
  const pick = <T>(list: T[], n: number) => (list.length ? list[n % list.length] : undefined);

  for (const o of ops) {
    switch (o.kind) {
      case 'rename':
        add(
          (d) => {
            d.name = o.value;
          },
          { rename: o.value, mutation: false },
        );
        break;
      case 'tag':
        add(
          (d) => {
            d.tags.push(o.value);
          },
          { tag: o.value, mutation: false },
        );
        break;
      case 'mutate':
        add(
          (d) => {
            d.name = o.value;
          },
          { rename: o.value, mutation: true },
        );
        break;
      case 'undo': {
        const c = pick(
          changes.filter((c) => !c.mutation),
          o.pick,
        );
        c?.handle.undo();
        if (c?.state === 'held') c.state = 'off';
        break;
      }
      case 'confirm': {
        const c = pick(
          changes.filter((c) => !c.mutation && c.state === 'held'),
          o.pick,
        );
        if (c) {
          c.handle.confirm();
          c.state = 'confirmed';
          // The confirmation's sequence: the next one taken, less one (confirm took it).
          c.confirmedAt = cache.nextSeq() - 1;
        }
        break;
      }
      case 'settle': {
        const c = pick(
          changes.filter((c) => c.mutation && c.state === 'held'),
          o.pick,
        );
        if (!c) break;
        if (!o.ok) {
          c.handle.undo();
          c.state = 'off';
          break;
        }
        server = { ...server, name: c.rename as string };
        const answer = server;
        let at = 0;
        c.handle.confirm((tx, seq) => {
          at = seq;
          tx.succeed('c', 'a', seq, answer);
        });
        c.state = 'confirmed';
        c.confirmedAt = at;
        if (at >= newest.seq) newest = { seq: at, data: answer };
        break;
      }
      case 'server':
        server = { name: o.name, viewers: o.viewers, tags: o.tag ? [...server.tags, o.tag] : server.tags };
        break;
      case 'send':
        inFlight.push({ seq: cache.nextSeq(), data: server });
        break;
      case 'land': {
        const i = inFlight.length ? o.pick % inFlight.length : -1;
        if (i < 0) break;
        const [read] = inFlight.splice(i, 1);
        land(read!.seq, read!.data);
        break;
      }
    }
    // The model: which changes show, in the order they were made.
    const showing = changes.filter(
      (c) => c.state === 'held' || (c.state === 'confirmed' && newest.seq < c.confirmedAt),
    );
    const renames = showing.filter((c) => c.rename !== undefined);
    const expected: Thing = {
      name: renames.length ? (renames[renames.length - 1]!.rename as string) : newest.data.name,
      viewers: newest.data.viewers,
      tags: [...newest.data.tags, ...showing.flatMap((c) => (c.tag ? [c.tag] : []))],
    };
    expect(cache.get<Thing>('c', 'a').data).toEqual(expected);
  }

  // Every change ends, a read sent after lands: exactly what the server says, nothing held.
  for (const c of changes) c.handle.undo();
  land(cache.nextSeq(), server);
  expect(cache.get<Thing>('c', 'a').data).toEqual(server);
}

describe('recipes against reads, in any order (property)', () => {
  it('never lose server truth nor show an undone change', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => run(ops)),
      { numRuns: 300 },
    );
  });
});
