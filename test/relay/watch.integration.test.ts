import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayMessage } from '../../src/query/relay/protocol.js';
import type { RelayAction, RelayTarget } from '../../src/relay/types.js';
import { sleep, until } from '../support/world.js';
import { Client, type RelayWorld, startRelayWorld } from './relay-world.js';

type Value = Extract<RelayMessage, { t: 'value' }>;
type Failure = Extract<RelayMessage, { t: 'error' }>;
type Result = Extract<RelayMessage, { t: 'result' }>;
const errorOf = (m: { error?: unknown; value?: unknown }) =>
  ((m.error ?? m.value) as { $ivsStore: 'error'; value: { kind: string; field?: string; message: string } }).value;

let w: RelayWorld;
let arn: string;
let keyArn: string;
beforeAll(async () => {
  w = await startRelayWorld({ limits: { maxWatches: 3 } });
  ({ arn, streamKeyArn: keyArn } = w.sim.control.ivs.createChannel({ name: 'one' }));
});
afterAll(() => w.stop());

describe('watch', () => {
  it('sends what store[resource][method](...args) emits, numbered by seq', async () => {
    const c = await Client.hello(w.relay.url);
    c.watch('a', 'channels', 'get$', [arn]);
    const v = await c.success('a');
    expect(v.value).toMatchObject({ status: 'success', data: { arn, name: 'one' } });
    expect(c.values('a').map((m) => m.seq)).toEqual(c.values('a').map((_, i) => i + 1));
    c.close();
  });

  it("store.metrics$ is the relay store's metrics", async () => {
    const c = await Client.hello(w.relay.url);
    c.watch('m', 'store', 'metrics$');
    const v = await c.next<Value>((m) => m.t === 'value' && m.id === 'm');
    expect(v.value).toMatchObject({ calls: expect.any(Object), retries: expect.any(Number) });
    c.close();
  });

  it.each([
    ['an unknown resource', 'dispose', 'get$', 'resource'],
    ['a store method other than metrics$', 'store', 'other$', 'method'],
    ['a method the resource does not have', 'channels', 'nothing$', undefined],
  ])('%s: an error of kind validation', async (_, resource, method, field) => {
    const c = await Client.hello(w.relay.url);
    c.watch('x', resource, method, [arn]);
    const e = await c.next<Failure>((m) => m.t === 'error' && m.id === 'x');
    expect(errorOf(e)).toMatchObject({ kind: 'validation', ...(field && { field }) });
    expect(c.values('x')).toEqual([]);
    c.close();
  });

  it('an Observable that fails sends error; the socket stays open', async () => {
    const c = await Client.hello(w.relay.url);
    c.watch('h', 'streams', 'health$', ['not-an-arn']);
    const e = await c.next<Failure>((m) => m.t === 'error' && m.id === 'h');
    expect(errorOf(e)).toMatchObject({ kind: 'validation' });
    c.watch('a', 'channels', 'get$', [arn]);
    await c.success('a');
    c.close();
  });

  it('an Observable that completes sends complete after its last value', async () => {
    const c = await Client.hello(w.relay.url);
    c.watch('bad', 'channels', 'get$', ['not-an-arn']);
    const done = await c.next((m) => m.t === 'complete' && m.id === 'bad');
    const values = c.values('bad');
    expect(values.at(-1)?.value).toMatchObject({
      status: 'error',
      error: { $ivsStore: 'error', value: { kind: 'validation' } },
    });
    expect(done).toEqual({ v: 1, t: 'complete', id: 'bad', seq: (values.at(-1)?.seq ?? 0) + 1 });
    await until(w.relay.metrics$, (m) => m.watches === 0);
    c.close();
  });

  it('over maxWatches: an error of kind quota, not a close; unwatch frees a place', async () => {
    const c = await Client.hello(w.relay.url);
    for (const id of ['a', 'b', 'c', 'd']) c.watch(id, 'channels', 'get$', [arn]);
    const e = await c.next<Failure>((m) => m.t === 'error' && m.id === 'd');
    expect(errorOf(e)).toMatchObject({ kind: 'quota' });
    await until(w.relay.metrics$, (m) => m.watches === 3 && m.queries === 1 && m.refused.overLimit === 1);
    c.send({ v: 1, t: 'unwatch', id: 'a' });
    c.watch('e', 'channels', 'get$', [arn]);
    await c.success('e');
    expect(c.messages.filter((m) => m.t === 'error' && m.id === 'e')).toEqual([]);
    c.close();
    await until(w.relay.metrics$, (m) => m.watches === 0 && m.connections === 0);
  });

  it('next-page asks the latest entry of a pages$ watch for its next page', async () => {
    for (const name of ['s1', 's2', 's3']) w.sim.control.realtime.createStage({ name });
    const c = await Client.hello(w.relay.url);
    c.watch('p', 'stages', 'pages$', [{ pageSize: 1 }]);
    const first = await c.success('p');
    expect((first.value as { data: { items: unknown[] }; hasNextPage: boolean }).hasNextPage).toBe(true);
    c.send({ v: 1, t: 'next-page', id: 'p', call: 'n1' });
    expect(await c.next<Result>((m) => m.t === 'result' && m.id === 'n1')).toMatchObject({ ok: true });
    await c.next<Value>(
      (m) => m.t === 'value' && m.id === 'p' && (m.value as { data?: { items: unknown[] } }).data?.items.length === 2,
    );
    c.send({ v: 1, t: 'next-page', id: 'nope', call: 'n2' });
    const refused = await c.next<Result>((m) => m.t === 'result' && m.id === 'n2');
    expect(refused.ok).toBe(false);
    expect(errorOf(refused)).toMatchObject({ kind: 'validation', field: 'id' });
    c.close();
  });
});

describe('the default policy: reads yes, writes no, secrets no', () => {
  it('a mutation is refused (access) and never reaches IVS', async () => {
    const c = await Client.hello(w.relay.url);
    c.send({ v: 1, t: 'call', id: 'k', resource: 'channels', method: 'create', args: [{ name: 'two' }] });
    const r = await c.next<Result>((m) => m.t === 'result' && m.id === 'k');
    expect(r.ok).toBe(false);
    expect(errorOf(r)).toMatchObject({ kind: 'access' });
    await sleep(50);
    expect(w.sim.control.countRequests({ operation: 'CreateChannel' })).toBe(0);
    c.close();
  });

  it('refresh is a read: it runs', async () => {
    const c = await Client.hello(w.relay.url);
    c.send({ v: 1, t: 'call', id: 'r', resource: 'channels', method: 'refresh', args: [] });
    expect(await c.next<Result>((m) => m.t === 'result' && m.id === 'r')).toMatchObject({ ok: true });
    c.close();
  });

  it('setData is unsupported, Object methods are not methods', async () => {
    const c = await Client.hello(w.relay.url);
    c.send({ v: 1, t: 'call', id: 's', resource: 'channels', method: 'setData', args: [arn, {}] });
    c.send({ v: 1, t: 'call', id: 'o', resource: 'channels', method: 'constructor', args: [] });
    expect(errorOf(await c.next<Result>((m) => m.t === 'result' && m.id === 's'))).toMatchObject({
      kind: 'unsupported',
    });
    expect(errorOf(await c.next<Result>((m) => m.t === 'result' && m.id === 'o'))).toMatchObject({
      kind: 'validation',
    });
    c.close();
  });

  it("a stream key's value is withheld", async () => {
    const c = await Client.hello(w.relay.url);
    c.watch('k', 'streamKeys', 'get$', [keyArn]);
    const v = await c.success('k');
    expect((v.value as { data: object }).data).toMatchObject({ arn: keyArn, channelArn: arn });
    expect((v.value as { data: { value?: unknown } }).data.value).toBeUndefined();
    expect(JSON.stringify(c.messages)).not.toContain('sk_');
    c.close();
  });
});

describe('a policy of the app', () => {
  const asked: Array<[RelayAction, RelayTarget]> = [];
  let p: RelayWorld;
  beforeAll(async () => {
    p = await startRelayWorld({
      // bob reads channels only; ann may do anything, and see secrets.
      authorize: (user, action, target) => {
        asked.push([action, target]);
        return user.user === 'ann' || (action === 'read' && target.resource === 'channels');
      },
    });
  });
  afterAll(() => p.stop());

  it('a refused watch gets error access and nothing of the data; the store does not read it', async () => {
    const { streamKeyArn } = p.sim.control.ivs.createChannel({ name: 'x' });
    const c = await Client.hello(p.relay.url, 'other');
    c.watch('k', 'streamKeys', 'get$', [streamKeyArn]);
    expect(errorOf(await c.next<Failure>((m) => m.t === 'error' && m.id === 'k'))).toMatchObject({ kind: 'access' });
    await sleep(100);
    expect(c.values('k')).toEqual([]);
    expect(
      p.sim.control.countRequests({ operation: 'BatchGetStreamKey' }) +
        p.sim.control.countRequests({ operation: 'GetStreamKey' }),
    ).toBe(0);
    expect(asked).toContainEqual(['read', { resource: 'streamKeys', method: 'get$', args: [streamKeyArn] }]);
    c.close();
  });

  it("a principal allowed 'secret' gets the value; a created key's value comes back in the result", async () => {
    const { arn: channel, streamKeyArn } = p.sim.control.ivs.createChannel({ name: 'y' });
    const ann = await Client.hello(p.relay.url, 'good');
    const bob = await Client.hello(p.relay.url, 'other');
    ann.watch('k', 'streamKeys', 'get$', [streamKeyArn]);
    const v = await ann.success('k');
    expect((v.value as { data: { value: unknown } }).data.value).toEqual({
      $ivsStore: 'secret',
      value: expect.stringMatching(/^sk_/),
    });
    ann.send({ v: 1, t: 'call', id: 'd', resource: 'streamKeys', method: 'delete', args: [streamKeyArn] });
    expect(await ann.next<Result>((m) => m.t === 'result' && m.id === 'd')).toMatchObject({ ok: true });
    ann.send({ v: 1, t: 'call', id: 'c', resource: 'streamKeys', method: 'create', args: [channel] });
    const created = await ann.next<Result>((m) => m.t === 'result' && m.id === 'c');
    expect(created).toMatchObject({ ok: true, value: { channelArn: channel, value: { $ivsStore: 'secret' } } });
    bob.send({ v: 1, t: 'call', id: 'c', resource: 'streamKeys', method: 'create', args: [channel] });
    expect(errorOf(await bob.next<Result>((m) => m.t === 'result' && m.id === 'c'))).toMatchObject({ kind: 'access' });
    ann.close();
    bob.close();
  });
});
